package dev.course.server.web;

import dev.course.server.app.CourseApplication;
import dev.course.server.app.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three lessons added for the course's missing topics (classification and clustering, how
 * embedding models learn, chunking) in headless Chromium against the real server and a sandboxed
 * kernel, as a learner reads them: the lesson's cells are run from the top with their run buttons, no
 * cell shows an error, the lesson's own figures are drawn with a size, and every chart a cell draws
 * is a decoded, non-empty image. Only the cells up to the last one that draws something are run: the
 * rest print measurements as text (the embedding lesson's nDCG cells, about 34 s; the chunking
 * comparison, about 48 s), which {@code EveryLessonRunsIT} runs with their expect lines, as it checks
 * the exercises against their solutions; running them here again would add two minutes to CI. Saves {@code target/screenshots/<lesson slug>.png}, scrolled to the
 * lesson's last chart (or its figure when its cells draw none), and {@code <lesson slug>-figure.png}
 * of its first figure.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class NewLessonsIT {

    private static CourseApplication server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        driver = Browser.start();
        server = TestServers.application().maxKernels(3).start(); // one kernel per lesson page
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    @ParameterizedTest
    @CsvSource({
            "build-your-own-search/classification-and-clustering, 7", // every cell: the k-means map is the last
            "build-your-own-search/how-embedding-models-learn, 1",    // the in-batch similarity matrix
            "rag/chunking, 1"})                                        // one section cut four ways
    void cellsRunWithoutAnErrorAndTheFiguresAndChartsAreDrawn(String lesson, int cellsToRun) throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/learn/" + lesson);
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d ->
                "idle".equals(d.findElement(By.cssSelector("[data-testid=kernel-state]")).getAttribute("data-state")));

        List<WebElement> figures = driver.findElements(By.cssSelector("article.lesson figure svg"));
        for (WebElement figure : figures) {
            assertTrue(figure.getSize().getWidth() > 100 && figure.getSize().getHeight() > 50
                            && !figure.findElements(By.cssSelector("rect, path, line, circle, text")).isEmpty(),
                    lesson + ": a figure is drawn with a size and marks: " + figure.getSize());
        }

        if (!figures.isEmpty()) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", figures.getFirst());
            Browser.screenshot(driver, lesson.substring(lesson.indexOf('/') + 1) + "-figure");
        }

        List<WebElement> cells = driver.findElements(By.cssSelector("[data-testid=cell]:not([data-exercise])"));
        assertTrue(cells.size() >= cellsToRun, lesson + " has " + cellsToRun + " cells before its exercise, found " + cells.size());
        WebElement lastChart = null;
        for (WebElement cell : cells.subList(0, cellsToRun)) {
            long started = System.nanoTime();
            String output = run(cell);
            System.out.printf("NewLessonsIT %s cell %s: %.1f s%n", lesson, cell.getAttribute("data-cell"), (System.nanoTime() - started) / 1e9);
            List<WebElement> errors = cell.findElements(By.cssSelector("[data-testid=output] .error"));
            assertTrue(errors.isEmpty(), lesson + " cell " + cell.getAttribute("data-cell") + " shows an error: " + output);
            for (WebElement chart : cell.findElements(By.cssSelector("[data-testid=output] img.svg-output"))) {
                new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> decoded(chart));
                lastChart = chart;
            }
        }
        assertTrue(lastChart != null || !figures.isEmpty(), lesson + " shows a figure or a chart");

        if (lastChart != null) {
            for (WebElement unfold : lastChart.findElements(By.xpath("ancestor::section[@data-testid='cell']//*[contains(@class,'fold-toggle')]"))) {
                ((JavascriptExecutor) driver).executeScript("arguments[0].click();", unfold); // a long output is folded; show the whole chart
            }
        }
        WebElement shown = lastChart != null ? lastChart : figures.getFirst();
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", shown);
        Browser.screenshot(driver, lesson.substring(lesson.indexOf('/') + 1));
    }

    /** The chart's SVG decoded into an image with a width and a height: it was drawn, not a broken icon. */
    private static boolean decoded(WebElement image) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const img = arguments[0]; return img.complete && img.naturalWidth > 50 && img.naturalHeight > 50"
                        + " && img.src.startsWith('data:image/svg+xml;base64,') && img.src.length > 500;", image));
    }

    /** Runs a cell with its run button, as a learner does, and waits until it has finished; returns its output text. */
    private static String run(WebElement cell) {
        WebElement button = cell.findElement(By.cssSelector("[data-testid=run]"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(180)).until(d -> !cell.getAttribute("class").contains("busy")
                && !cell.findElement(By.cssSelector(".count")).getText().equals("…")
                && !cell.findElement(By.cssSelector(".count")).getText().isEmpty());
        return cell.findElement(By.cssSelector("[data-testid=output]")).getText();
    }
}
