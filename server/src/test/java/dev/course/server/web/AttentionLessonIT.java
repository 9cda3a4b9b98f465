package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import dev.course.engine.generate.train.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention lesson in headless Chromium against the real server and a sandboxed kernel, as a
 * learner on a fresh clone meets it: the cells use the model the course ships (unless this machine
 * has trained one), and the best head puts at least 0.4 of its weight on the previous token, above
 * an even spread. Saves {@code target/screenshots/attention-lesson.png}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AttentionLessonIT {

    private static final Pattern BEST = Pattern.compile("best: layer (\\d+) head (\\d+), ([0-9.]+) of the weight");
    private static final Pattern EVEN = Pattern.compile("evenly would score ([0-9.]+)");

    private static CourseApplication server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        driver = Browser.start();
        server = TestServers.application().maxKernels(2).start();
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    @Test
    void theBestHeadLooksAtThePreviousToken() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/learn/transformers/attention");
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d ->
                "idle".equals(d.findElement(By.cssSelector("[data-testid=kernel-state]")).getAttribute("data-state")));

        String model = run(cellContaining("AttentionMaps.of("));
        boolean trainedHere = Files.exists(TrainedModels.path("lessons,jdk", TrainedModels.Size.TINY));
        assertTrue(model.contains(trainedHere ? "the model you trained" : "the course's shipped model lessons-jdk-tiny.gguf"),
                "the cell says which model it uses: " + model);

        WebElement heads = cellContaining("previousTokenScore(l, h)");
        String output = run(heads);
        Matcher best = BEST.matcher(output);
        Matcher even = EVEN.matcher(output);
        assertTrue(best.find() && even.find(), output);
        double score = Double.parseDouble(best.group(3));
        assertTrue(score >= 0.4 && score > Double.parseDouble(even.group(1)),
                "the best head puts " + score + " of its weight on the previous token: " + output);
        assertFalse(heads.findElements(By.cssSelector("img.svg-output")).isEmpty(), "its heatmap is drawn");

        for (WebElement unfold : heads.findElements(By.cssSelector(".fold-toggle"))) {
            unfold.click();
        }
        WebElement heatmap = heads.findElement(By.cssSelector("img.svg-output"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", heatmap);
        Browser.screenshot(driver, "attention-lesson");
    }

    /** The lesson's cell whose code contains {@code text}. */
    private static WebElement cellContaining(String text) {
        return driver.findElements(By.cssSelector("[data-testid=cell]")).stream()
                .filter(cell -> {
                    Object code = ((JavascriptExecutor) driver).executeScript(
                            "const cm = arguments[0].querySelector('.CodeMirror'); return cm ? cm.CodeMirror.getValue() : '';", cell);
                    return String.valueOf(code).contains(text);
                })
                .findFirst().orElseThrow(() -> new AssertionError("no cell of the attention lesson contains " + text));
    }

    /** Runs a cell and waits until it has finished; returns its output text. */
    private static String run(WebElement cell) {
        WebElement button = cell.findElement(By.cssSelector("[data-testid=run]"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> !cell.getAttribute("class").contains("busy")
                && !cell.findElement(By.cssSelector(".count")).getText().equals("…")
                && !cell.findElement(By.cssSelector(".count")).getText().isEmpty());
        return cell.findElement(By.cssSelector("[data-testid=output]")).getText();
    }
}
