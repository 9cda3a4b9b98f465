package dev.course.engine.display;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelLayoutTest {

    private final LabelLayout layout = new LabelLayout(640, 420, 12);

    @Test
    void aLabelNearTheRightEdgeGoesLeftOfItsPoint() {
        var placed = layout.place(List.of(new double[] {620, 200}), List.of("Open a file and read all its lines"), 8);
        assertEquals("end", placed.getFirst().anchor());
        assertTrue(placed.getFirst().x() - layout.textWidth("Open a file and read all its lines") >= 0, "not cut at the left either");
    }

    @Test
    void labelsOfPointsOnTopOfEachOtherDoNotOverlap() {
        List<double[]> points = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            points.add(new double[] {300, 200 + i});           // five points within 5 pixels
            labels.add("Read a text file, sentence " + i);
        }
        var placed = layout.place(points, labels, 8);
        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                var a = placed.get(i);
                var b = placed.get(j);
                boolean sameSide = a.anchor().equals(b.anchor());
                assertTrue(!sameSide || Math.abs(a.y() - b.y()) >= 12, "labels " + i + " and " + j + " overlap: " + a + " " + b);
            }
        }
    }
}
