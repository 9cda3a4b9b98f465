package dev.course.engine.display;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarChartTest {

    private final BarChart chart = new BarChart("scores", List.of("bm25", "hybrid"),
            List.of(new BarChart.Series("nDCG@10", List.of(0.5, 0.75)), new BarChart.Series("recall", List.of(0.25, 1.0))), 1.0, "%.2f");

    @Test
    void barsAreAsLongAsTheirValuesOnOneAxis() {
        String svg = chart.svg();
        int full = BarChart.BAR_AREA;
        assertTrue(svg.contains("width='" + full / 2 + "'"), "0.5 of the axis");
        assertTrue(svg.contains("width='" + full + "'"), "1.0 is the whole axis");
        assertTrue(svg.contains(">0.75<"), "values are written at the bars' ends");
        assertTrue(svg.contains(Svg.series(1)), "the second series has the second colour");
    }

    @Test
    void theTextFallbackHasEveryNumber() {
        assertEquals("scores\nbm25    nDCG@10 0.50  recall 0.25\nhybrid  nDCG@10 0.75  recall 1.00\n", chart.toString());
        assertEquals(chart.toString(), chart.render().data().get(MimeBundle.TEXT));
    }

    @Test
    void mismatchedSeriesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BarChart("x", List.of("a", "b"),
                List.of(new BarChart.Series("s", List.of(1.0))), 1, "%.1f"));
        assertThrows(IllegalArgumentException.class, () -> new BarChart("x", List.of("a"), List.of(), 1, "%.1f"));
    }
}
