package dev.course.engine.embed;

import dev.course.engine.display.MimeBundle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingMapTest {

    @Test
    void sentencesAboutTheSameThingLandTogether() {
        List<String> sentences = List.of("How do I sort a list?", "Order the elements of a collection",
                "Read a text file", "Load the contents of a file into a string", "The cat sat on the mat", "A dog slept by the door");
        EmbeddingMap map = EmbeddingMap.of(sentences, EmbeddingModel.miniLm());
        assertEquals("Order the elements of a collection", map.nearestOnMap(0));
        assertEquals("Read a text file", map.nearestOnMap(3));
        assertEquals("The cat sat on the mat", map.nearestOnMap(5));
        assertTrue(map.explained() > 0.2 && map.explained() <= 1.0, "explained " + map.explained());
        MimeBundle bundle = map.render();
        assertTrue(bundle.data().get(MimeBundle.SVG).contains("<circle"));
        assertTrue(bundle.data().get(MimeBundle.TEXT).contains("Read a text file"));
    }

    @Test
    void theAxesAreThePrincipalComponents() {
        // Points on a line along (1, 1, 0): all of the variance lies on the first axis.
        List<float[]> v = List.of(new float[]{0, 0, 0}, new float[]{1, 1, 0}, new float[]{2, 2, 0}, new float[]{3, 3, 0});
        EmbeddingMap map = EmbeddingMap.of(List.of("a", "b", "c", "d"), v);
        assertEquals(1.0, map.explained(), 1e-9);
        assertEquals(Math.sqrt(2), Math.abs(map.points().get(1)[0] - map.points().get(0)[0]), 1e-6);
        assertEquals(0.0, map.points().get(3)[1], 1e-6);
    }
}
