package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The home page and a lesson page audited by axe-core (WCAG 2.0/2.1 A and AA rules) in a real
 * headless Chromium, in both themes, with a kernel's SVG figure on the page; and the keyboard
 * escapes from a code editor with Esc then Tab. A serious or critical violation fails the test and
 * is listed with the elements it was found on.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessibilityIT {

    private static final String LESSON = "/learn/foundations/vectors-and-similarity";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CourseApplication server;
    private static ChromeDriver driver;
    private static String base;
    private static String axe;

    @BeforeAll
    static void start() throws Exception {
        axe = AxeCore.script();
        driver = Browser.start();
        server = TestServers.application().maxKernels(2).withoutSearchModel().start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    /** Runs axe on the page as it is now; the serious and critical violations, one line each. */
    private static List<String> seriousViolations(String page) throws Exception {
        JavascriptExecutor js = driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(axe);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(90));
        String result = (String) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then((r) => done(JSON.stringify(r.violations)))
                  .catch((e) => done(JSON.stringify([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }])));
                """);
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : JSON.readTree(result)) {
            String impact = violation.path("impact").asText();
            List<String> targets = new ArrayList<>();
            violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
            String line = page + ": " + impact + " " + violation.path("id").asText() + " (" + violation.path("help").asText()
                    + ") on " + targets;
            System.out.println("axe " + line);
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add(line);
            }
        }
        return serious;
    }

    private static WebElement cell(String id) {
        return driver.findElement(By.cssSelector("[data-testid=cell][data-cell='" + id + "']"));
    }

    @Test
    @Order(1)
    void theHomePageHasNoSeriousViolations() throws Exception {
        driver.get(base + "/");
        waitUpTo(30).until(d -> !d.findElements(By.cssSelector("[data-testid=lesson-link]")).isEmpty());
        List<String> serious = seriousViolations("home");
        assertTrue(serious.isEmpty(), String.join("\n", serious));
    }

    @Test
    @Order(2)
    void aLessonWithAKernelFigureHasNoSeriousViolationsInEitherTheme() throws Exception {
        driver.get(base + LESSON);
        waitUpTo(120).until(d -> "idle".equals(d.findElement(By.cssSelector("[data-testid=kernel-state]")).getAttribute("data-state")));
        WebElement badge = driver.findElement(By.cssSelector("[data-testid=kernel-state]"));
        assertEquals("status", badge.getAttribute("role"), "the kernel badge is a live status region");
        assertEquals("polite", badge.getAttribute("aria-live"));

        for (String id : List.of("c1", "c2", "c3", "c4")) { // the figure (c4) uses what the cells above define
            WebElement cell = cell(id);
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", cell);
            cell.findElement(By.cssSelector("[data-testid=run]")).click();
            waitUpTo(90).until(d -> !cell.getAttribute("class").contains("busy")
                    && !cell.findElement(By.cssSelector(".count")).getText().matches("|…"));
        }
        WebElement figureCell = cell("c4");
        assertFalse(figureCell.findElements(By.cssSelector("img.svg-output")).isEmpty(), "the kernel drew its figure");

        List<String> serious = new ArrayList<>(seriousViolations("lesson, light"));

        WebElement theme = driver.findElement(By.cssSelector("[data-action=theme]"));
        assertEquals("false", theme.getAttribute("aria-pressed"));
        theme.click();
        assertEquals("true", theme.getAttribute("aria-pressed"), "the theme toggle says it is pressed in the dark theme");
        String src = figureCell.findElement(By.cssSelector("img.svg-output")).getAttribute("src");
        String svg = new String(Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<style>svg{color:#e6e6e3;"), "the kernel's figure is drawn with the dark theme's ink: " + svg);
        serious.addAll(seriousViolations("lesson, dark"));
        Browser.screenshot(driver, "a11y-lesson-dark");
        theme.click();
        assertTrue(serious.isEmpty(), String.join("\n", serious));
    }

    @Test
    @Order(3)
    void tabIndentsInTheEditorAndEscThenTabLeavesIt() {
        WebElement editor = cell("c1").findElement(By.cssSelector(".CodeMirror"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", editor);
        editor.click();
        WebElement input = driver.switchTo().activeElement();
        assertTrue(input.getAttribute("aria-describedby").contains("editor-keys"), "the editor points to the keyboard note");
        assertTrue(driver.findElement(By.id("editor-keys")).getText().contains("Esc then Tab leaves the editor"));

        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertTrue(insideEditor(), "Tab indents and stays in the editor");
        new Actions(driver).sendKeys(Keys.ESCAPE).sendKeys(Keys.TAB).perform();
        assertFalse(insideEditor(), "Esc then Tab moves the focus out of the editor");
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertTrue(insideEditor(), "Shift-Tab comes back into it");
    }

    private static boolean insideEditor() {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.activeElement !== null && document.activeElement.closest('.CodeMirror') !== null;"));
    }
}
