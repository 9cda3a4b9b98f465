package dev.course.server.web;

import dev.course.lessons.Block;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first lesson in a real headless Chromium against the real server and a real sandboxed
 * kernel: run every cell, see the expected outputs, fail each exercise with a wrong answer and pass
 * it with a right one (after which the rail marks the lesson done), and save screenshots in both themes.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LessonPageIT {

    private static CourseApplication server;
    private static ChromeDriver driver;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        driver = Browser.start();
        server = TestServers.application().maxKernels(4).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server);
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static WebElement cell(String id) {
        return driver.findElement(By.cssSelector("[data-testid=cell][data-cell='" + id + "']"));
    }

    /**
     * Waits until the page's kernel badge says idle; on a timeout the failure says what the badge
     * showed instead (state, text and title), which is all a page knows about its kernel.
     */
    private static void awaitIdleKernel() {
        try {
            waitUpTo(90).until(d -> "idle".equals(d.findElement(By.cssSelector("[data-testid=kernel-state]")).getAttribute("data-state")));
        } catch (org.openqa.selenium.TimeoutException e) {
            WebElement badge = driver.findElement(By.cssSelector("[data-testid=kernel-state]"));
            throw new AssertionError("the kernel badge never said idle in 90 s; it shows state '" + badge.getAttribute("data-state")
                    + "', text '" + badge.getText() + "', title '" + badge.getAttribute("title") + "'; load average "
                    + loadAverage(), e);
        }
    }

    /** This machine's load average, for a failure that may come from a busy machine. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Loads the first lesson anew (the page forgets which cells ran; the kernel stays) and waits for its kernel. */
    private static void openTheFirstLessonAgain() {
        driver.get(base + "/learn/foundations/vectors-and-similarity");
        awaitIdleKernel();
    }

    /** Clicks a cell's run button and waits until it has finished. Returns its output text. */
    private static String run(String id) {
        WebElement cell = cell(id);
        click(cell.findElement(By.cssSelector("[data-testid=run]")));
        waitUpTo(60).until(d -> !cell.getAttribute("class").contains("busy")
                && !cell.findElement(By.cssSelector(".count")).getText().equals("…")
                && !cell.findElement(By.cssSelector(".count")).getText().isEmpty());
        return cell.findElement(By.cssSelector("[data-testid=output]")).getText();
    }

    /** Clicks after scrolling the element to the middle of the window, clear of the sticky top bar. */
    private static void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private static void setCode(String cellId, String code) {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelector(\"[data-cell='\" + arguments[0] + \"'] .CodeMirror\").CodeMirror.setValue(arguments[1]);",
                cellId, code);
    }

    @Test
    @Order(1)
    void homePageListsTheFirstLesson() throws Exception {
        driver.get(base + "/");
        List<WebElement> links = driver.findElements(By.cssSelector("[data-testid=lesson-link] a"));
        assertTrue(links.stream().anyMatch(a -> a.getText().equals("Vectors and similarity")));
        Browser.screenshot(driver, "home");
    }

    @Test
    @Order(2)
    void runsEveryCellOfTheFirstLesson() throws Exception {
        driver.get(base + "/learn/foundations/vectors-and-similarity");
        awaitIdleKernel();
        assertTrue(driver.findElements(By.cssSelector(".math .katex")).size() > 3, "math is typeset by KaTeX");
        assertFalse(driver.findElements(By.cssSelector("figure .figure-art svg")).isEmpty(), "figures are drawn inline");

        assertEquals("8.0", run("c1").strip());
        assertEquals(1, cell("c1").findElements(By.cssSelector("[data-testid=output] pre.result")).size(), "shown as the cell's value");
        String doubled = run("c2");
        assertTrue(doubled.contains("a · b      = 8.0") && doubled.contains("(2a) · b   = 16.0"), doubled);
        assertTrue(run("c3").contains("|a| = 3.1623, |b| = 2.8284"));
        String arrows = run("c4");
        assertTrue(arrows.contains("angle between a (blue) and b (orange): 26.6 degrees"), arrows);
        assertEquals(1, cell("c4").findElements(By.cssSelector("img.svg-output")).size(), "the SVG is shown as an image");
        String normalised = run("c5");
        assertTrue(normalised.contains("cosine(a, b)            = 0.894427"), normalised);
        assertTrue(normalised.contains("dot(unit 2a, unit b)    = 0.894427"), normalised);
        Browser.screenshot(driver, "lesson-light");
    }

    @Test
    @Order(3)
    void anErrorNamesTheFailingLine() {
        setCode("c1", "double y = 1;\nString s = 42;");
        String output = run("c1");
        assertTrue(output.contains("line 2"), output);
        assertEquals(1, cell("c1").findElements(By.cssSelector(".error-line")).size(), "the failing line is marked");
        setCode("c1", "double dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }");
        run("c1");
    }

    @Test
    @Order(4)
    void theExerciseFailsWithAWrongAnswerAndPassesWithARightOne() throws Exception {
        WebElement exercise = driver.findElement(By.cssSelector("[data-testid=exercise][data-exercise=cosine]"));
        click(exercise.findElement(By.cssSelector("[data-testid=check]")));
        waitUpTo(60).until(d -> !exercise.findElements(By.cssSelector("[data-testid=check-summary]")).isEmpty());
        assertEquals("failed", exercise.getAttribute("data-state"));
        List<WebElement> failures = exercise.findElements(By.cssSelector("[data-testid=check-fail]"));
        // The starter returns 0, which is right only for the orthogonal case and, vacuously, for "length does not matter".
        assertEquals(2, failures.size(), "identical and opposite directions fail");
        String failed = failures.stream().map(WebElement::getText).reduce("", String::concat);
        assertTrue(failed.contains("identical directions give 1") && failed.contains("opposite directions give -1"), failed);
        assertTrue(failed.contains("point the same way"), "each check's message is shown: " + failed);

        setCode("ex-cosine", "double cosine(double[] x, double[] y) {\n    return dot(x, y) / (norm(x) * norm(y));\n}");
        click(exercise.findElement(By.cssSelector("[data-testid=check]")));
        waitUpTo(60).until(d -> "passed".equals(exercise.getAttribute("data-state")));
        assertEquals(4, exercise.findElements(By.cssSelector("[data-testid=check-pass]")).size());
        assertTrue(exercise.findElement(By.cssSelector("[data-testid=check-summary]")).getText().contains("All 4 checks pass"));
        Browser.screenshot(driver, "exercise-passed");
    }

    /**
     * The lesson's other exercises (the design exercises: the learner chooses the measure, or the
     * vectors): each fails its checks with the untouched starter and passes them with the lesson's
     * solution, so that the lesson is done when the page reloads.
     */
    @Test
    @Order(5)
    void everyOtherExerciseFailsWithItsStarterAndPassesWithTheSolution() throws Exception {
        Lesson lesson = CourseContent.packaged().course().lesson("foundations", "vectors-and-similarity").orElseThrow();
        List<Block.Exercise> others = lesson.exercises().stream().filter(e -> !e.id().equals("cosine")).toList();
        assertFalse(others.isEmpty(), "the lesson has exercises besides cosine");
        assertEquals(lesson.exercises().size(), driver.findElements(By.cssSelector("[data-testid=exercise]")).size(),
                "every exercise of the lesson is on the page");
        for (Block.Exercise other : others) {
            WebElement exercise = driver.findElement(By.cssSelector("[data-testid=exercise][data-exercise='" + other.id() + "']"));
            int checks = other.checks().split("@Test", -1).length - 1;
            click(exercise.findElement(By.cssSelector("[data-testid=check]")));
            waitUpTo(60).until(d -> !exercise.findElements(By.cssSelector("[data-testid=check-summary]")).isEmpty());
            assertEquals("failed", exercise.getAttribute("data-state"), other.id() + ": the starter must not pass");
            assertFalse(exercise.findElements(By.cssSelector("[data-testid=check-fail]")).isEmpty(), other.id());
            if (other.id().equals("your-own-embedding")) {
                String failed = exercise.findElements(By.cssSelector("[data-testid=check-fail]")).stream()
                        .map(WebElement::getText).reduce("", String::concat);
                assertTrue(failed.contains("cosines of cat: kitten 1.00"), "a failure shows the learner's cosines: " + failed);
                scrollToTop(exercise);
                Browser.screenshot(driver, "exercise-design-failed");
            }

            setCode("ex-" + other.id(), other.solution().strip());
            click(exercise.findElement(By.cssSelector("[data-testid=check]")));
            waitUpTo(60).until(d -> "passed".equals(exercise.getAttribute("data-state")));
            assertEquals(checks, exercise.findElements(By.cssSelector("[data-testid=check-pass]")).size(), other.id());
            assertTrue(exercise.findElement(By.cssSelector("[data-testid=check-summary]")).getText().contains("All " + checks + " checks pass"),
                    other.id());
            if (other.id().equals("your-own-embedding")) {
                scrollToTop(exercise);
                Browser.screenshot(driver, "exercise-design-passed");
            }
        }
    }

    private static void scrollToTop(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -70);", element);
    }

    @Test
    @Order(6)
    void darkThemeAndAnInterruptedLoop() throws Exception {
        driver.findElement(By.cssSelector("[data-action=theme]")).click();
        assertEquals("dark", driver.findElement(By.tagName("html")).getAttribute("data-theme"));
        setCode("c2", "while (true) { }");
        WebElement cell = cell("c2");
        click(cell.findElement(By.cssSelector("[data-testid=run]")));
        waitUpTo(30).until(d -> d.findElement(By.cssSelector("[data-action=interrupt]")).isDisplayed());
        driver.findElement(By.cssSelector("[data-action=interrupt]")).click();
        waitUpTo(30).until(d -> !cell.getAttribute("class").contains("busy"));
        assertFalse(cell.findElements(By.cssSelector(".error")).isEmpty(), "the interrupted cell shows an error");
        assertTrue(run("c3").contains("|a| = 3.1623"), "the kernel still answers after the interrupt");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(driver, "lesson-dark");
    }

    @Test
    @Order(7)
    void aCellThatReadsALineShowsAnInputAndGetsWhatTheLearnerTypes() throws Exception {
        setCode("c3", "System.out.print(\"Your name? \");\n"
                + "String name = new Scanner(System.in).nextLine();\n"
                + "System.out.println(\"Hello, \" + name + \"!\");");
        WebElement cell = cell("c3");
        click(cell.findElement(By.cssSelector("[data-testid=run]")));
        WebElement field = waitUpTo(60).until(d -> cell.findElements(By.cssSelector("[data-testid=stdin] input")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertTrue(cell.getAttribute("class").contains("busy"), "the cell waits for the learner");
        assertEquals(field, driver.switchTo().activeElement(), "the input has the focus, ready to type");
        assertTrue(cell.findElement(By.cssSelector("[data-testid=output]")).getText().contains("Your name?"),
                "the prompt printed before the read is shown");
        assertFalse(driver.findElements(By.cssSelector("label[for='" + field.getAttribute("id") + "']")).isEmpty(),
                "the input is labelled");
        Browser.screenshot(driver, "lesson-input-dark");

        field.sendKeys("Ada" + org.openqa.selenium.Keys.ENTER);
        waitUpTo(30).until(d -> !cell.getAttribute("class").contains("busy"));
        String output = cell.findElement(By.cssSelector("[data-testid=output]")).getText();
        assertTrue(output.contains("Hello, Ada!"), output);
        assertTrue(cell.findElements(By.cssSelector("[data-testid=stdin]")).isEmpty(), "the input is gone once answered");
        assertTrue(cell.findElement(By.cssSelector(".count")).getText().matches("\\[\\d+\\]"), "the cell ran without error");
    }

    @Test
    @Order(8)
    void aReloadRestoresTheLearnersCodeAndResultsAndResetGivesTheLessonBack() throws Exception {
        driver.navigate().refresh();
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-progress-restored")));
        String exerciseCode = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector(\"[data-cell='ex-cosine'] .CodeMirror\").CodeMirror.getValue();");
        assertTrue(exerciseCode.contains("dot(x, y) / (norm(x) * norm(y))"), exerciseCode);
        List<WebElement> exercises = driver.findElements(By.cssSelector("[data-testid=exercise]"));
        assertTrue(exercises.size() > 1, "the lesson's exercises: " + exercises.size());
        for (WebElement exercise : exercises) {
            assertEquals("passed", exercise.getAttribute("data-state"), exercise.getAttribute("data-exercise"));
        }
        assertEquals(1, driver.findElements(By.cssSelector(".rail li.done")).size(), "the rail marks the lesson done (every exercise passed)");

        WebElement reset = cell("c2").findElement(By.cssSelector("[data-testid=reset]"));
        assertTrue(reset.isDisplayed(), "a changed cell offers a reset");
        click(reset);
        waitUpTo(10).until(d -> "reset".equals(cell("c2").getAttribute("data-saved")));
        String code = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector(\"[data-cell='c2'] .CodeMirror\").CodeMirror.getValue();");
        assertTrue(code.startsWith("double[] twiceA = {6, 2};"), code);
        assertFalse(reset.isDisplayed());
    }

    @Test
    @Order(9)
    void searchFromTheTopBarLandsOnTheSectionWithTheWordsMarked() throws Exception {
        WebElement box = driver.findElement(By.cssSelector("[data-testid=search-input]"));
        box.sendKeys("normalise vectors so the dot product is the cosine");
        box.submit();
        waitUpTo(120).until(d -> !d.findElements(By.cssSelector("[data-testid=search-hit]")).isEmpty());
        List<WebElement> hits = driver.findElements(By.cssSelector("[data-testid=search-hit]"));
        assertTrue(hits.stream().limit(3).anyMatch(h -> h.getText().contains("Normalise once")), hits.getFirst().getText());
        assertFalse(hits.getFirst().findElements(By.tagName("mark")).isEmpty(), "the passage shows the query's words");
        Browser.screenshot(driver, "search-results");
        WebElement answer = hits.stream().filter(h -> h.getText().contains("Normalise once")).findFirst().orElseThrow();
        click(answer.findElement(By.tagName("a")));
        waitUpTo(30).until(d -> d.getCurrentUrl().contains("#normalise-once"));
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("article.lesson .prose mark")).isEmpty());
        Browser.screenshot(driver, "search-landing");
    }

    @Test
    @Order(10)
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aProgressBarUpdatedInPlaceIsOneBarAndClearOutputClears() throws Exception {
        openTheFirstLessonAgain();
        setCode("c1", """
                String bar = display("[" + " ".repeat(20) + "] 0%");
                for (int i = 1; i <= 100; i++) {
                    Thread.sleep(10);
                    updateDisplay(bar, "[" + "#".repeat(i / 5) + " ".repeat(20 - i / 5) + "] " + i + "%");
                }""");
        String bar = run("c1");
        WebElement output = cell("c1").findElement(By.cssSelector("[data-testid=output]"));
        assertEquals(1, output.findElements(By.xpath("./*")).size(), "one bar, not a hundred: " + bar);
        assertEquals("[" + "#".repeat(20) + "] 100%", bar.strip());
        assertFalse(output.findElement(By.xpath("./*")).getAttribute("data-display-id").isEmpty(), "the bar keeps its display id");

        setCode("c2", "System.out.println(\"gone\");\nclearOutput(true);\nSystem.out.println(\"kept\");");
        assertEquals("kept", run("c2").strip(), "clear_output with wait clears when the next output comes");
        setCode("c3", "System.out.println(\"gone\");\nclearOutput(false);");
        assertEquals("", run("c3").strip(), "clear_output clears at once");

        setCode("c4", "var image = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimage");
        run("c4");
        WebElement png = cell("c4").findElement(By.cssSelector("[data-testid=output] img[data-mime='image/png']"));
        waitUpTo(10).until(d -> Long.valueOf(4).equals(((JavascriptExecutor) d).executeScript("return arguments[0].naturalWidth;", png)));
        Browser.screenshot(driver, "display-updates");
    }

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void latexAndMarkdownWithMathFromACellAreTypesetByThePagesOwnKatex() throws Exception {
        openTheFirstLessonAgain();
        setCode("c1", """
                latex("\\\\frac{a \\\\cdot b}{|a|\\\\,|b|}");
                markdown("**Cosine** is $\\\\cos\\\\theta$, and for unit vectors\\n\\n$$a \\\\cdot b = \\\\sum_i a_i b_i$$\\n\\n- one\\n- `two`");""");
        String printed = run("c1");
        WebElement output = cell("c1").findElement(By.cssSelector("[data-testid=output]"));
        String shown = printed + "\n" + output.getAttribute("innerHTML");
        assertEquals(1, output.findElements(By.cssSelector("[data-mime='text/latex']")).size(), shown);
        assertEquals(1, output.findElements(By.cssSelector("[data-mime='text/markdown']")).size(), shown);

        WebElement latex = output.findElement(By.cssSelector("[data-mime='text/latex']"));
        assertFalse(latex.findElements(By.cssSelector(".katex-display .katex-html .mfrac")).isEmpty(),
                "the fraction is typeset as display math: " + latex.getAttribute("outerHTML"));
        assertEquals("", texLeftOutsideKatex(latex), "no TeX source left in the page");

        WebElement markdown = output.findElement(By.cssSelector("[data-mime='text/markdown']"));
        assertEquals("Cosine", markdown.findElement(By.cssSelector("p strong")).getText());
        assertFalse(markdown.findElements(By.cssSelector("p span.math .katex")).isEmpty(), "inline $…$ typeset");
        assertFalse(markdown.findElements(By.cssSelector(".katex-display")).isEmpty(), "display $$…$$ typeset");
        assertEquals(List.of("one", "two"), markdown.findElements(By.cssSelector("ul li")).stream().map(WebElement::getText).toList());
        assertEquals("two", markdown.findElement(By.cssSelector("li code")).getText());
        assertEquals("", texLeftOutsideKatex(markdown), "no $ or TeX source left in the page");

        String katexScript = (String) ((JavascriptExecutor) driver).executeScript(
                "return [...document.scripts].map(s => s.src).find(src => src.includes('katex')) || '';");
        assertTrue(katexScript.startsWith(base + "/webjars/katex/"), "KaTeX comes from the server's WebJar: " + katexScript);
        Browser.screenshot(driver, "display-latex-markdown");
    }

    /**
     * A JDK loop that ignores interrupts gets its kernel restarted, which forgets what earlier cells
     * declared. The page must say so where the learner looks: under the stopped cell, with the cells
     * to run again; and under the next cell that fails for it ("cannot find symbol"), with a button
     * that runs them and then that cell.
     */
    @Test
    @Order(11)
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aKernelRestartedForAnUnstoppableLoopSaysWhichCellsToRunAgainAndRunsThem() throws Exception {
        openTheFirstLessonAgain();
        setCode("c1", "int base = 40;");
        run("c1");
        setCode("c2", "java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(Long::reverse).sum()"); // JDK code: deaf to interrupts
        WebElement loop = cell("c2");
        click(loop.findElement(By.cssSelector("[data-testid=run]")));
        waitUpTo(30).until(d -> d.findElement(By.cssSelector("[data-action=interrupt]")).isDisplayed());
        driver.findElement(By.cssSelector("[data-action=interrupt]")).click();
        WebElement notice = waitUpTo(90).until(d -> loop.findElements(By.cssSelector("[data-testid=restart-notice]")).stream()
                .findFirst().orElse(null));
        assertTrue(notice.getText().contains("did not stop when interrupted") && notice.getText().contains("Run the cell above whose number is struck through again"),
                notice.getText());
        assertEquals("true", cell("c1").getAttribute("data-stale"), "the cell that ran before the restart is marked");
        awaitIdleKernel();

        setCode("c3", "base + 2");
        String failed = run("c3");
        assertTrue(failed.contains("cannot find symbol"), failed);
        WebElement again = cell("c3").findElement(By.cssSelector("[data-testid=restart-notice] [data-testid=rerun]"));
        assertEquals("Run it, then this cell", again.getText());
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        scrollToTop(cell("c2"));
        Browser.screenshot(driver, "kernel-restarted-notice");
        click(again);
        waitUpTo(60).until(d -> cell("c3").findElement(By.cssSelector("[data-testid=output]")).getText().strip().equals("42"));
        assertEquals(null, cell("c1").getAttribute("data-stale"), "the cell ran again in the new kernel");
    }

    /** Text under an output that still has a dollar sign or a backslash, outside what KaTeX drew; "" when none. */
    private static String texLeftOutsideKatex(WebElement output) {
        return (String) ((JavascriptExecutor) driver).executeScript("""
                const walker = document.createTreeWalker(arguments[0], NodeFilter.SHOW_TEXT);
                const left = [];
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  if (!node.parentElement.closest('.katex') && /[$\\\\]/.test(node.nodeValue)) left.push(node.nodeValue);
                }
                return left.join(' | ');""", output);
    }
}
