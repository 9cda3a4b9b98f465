package dev.course.server.jupyter;

import dev.course.lessons.Block;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.lessons.NotebookExporter;
import dev.course.server.remote.JupyterServerProcess;
import dev.course.server.web.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebook UI people actually use: Debian's classic {@code jupyter notebook} (6.4) on a free
 * loopback port with a token, our kernelspec installed by {@code ./course kernel install --prefix}
 * into a temporary Jupyter path, one exported lesson opened in headless Chromium, and every cell
 * run the way a person runs it — Shift+Enter, cell after cell. The outputs are read from the page
 * (not from the saved notebook), then the exercise is solved in its cell and its check re-run, and
 * a screenshot is kept. Three cells typed at the end show the display API as Jupyter renders it:
 * a bar updated a hundred times is one output, {@code clearOutput(true)} clears, and LaTeX is typeset
 * by the notebook's MathJax. nbconvert ({@link NotebookInJupyterIT}) stays the batch check of every
 * lesson; this one proves the interactive path: the page's WebSocket, the kernel's IOPub as the
 * notebook renders it, the check's HTML.
 *
 * <p>The first lesson is used because it is the fastest (five small cells and three small exercises).
 * Its exercises are found by the id the exporter writes into their cells' metadata, not by position:
 * {@code cosine} is solved by typing, and each design exercise's untouched starter must fail its checks.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotebookUiIT {

    private static final String LESSON = "foundations/01-vectors-and-similarity.md";
    private static final String NOTEBOOK = "01-vectors-and-similarity.ipynb";
    private static final String SCREENSHOT = "jupyter-notebook-ui-01-vectors-and-similarity";

    @Test
    void aLessonRunsCellByCellWithShiftEnterInTheClassicNotebookAndItsExerciseChecks(@TempDir Path dir) throws Exception {
        CourseContent content = CourseContent.packaged();
        Lesson lesson = content.course().lessons().stream().filter(l -> l.sourceName().equals(LESSON)).findFirst().orElseThrow();
        Files.writeString(dir.resolve(NOTEBOOK), new NotebookExporter(content::file).export(lesson, exercise -> false));
        Block.Exercise exercise = lesson.exercise("cosine").orElseThrow();
        List<String> others = lesson.exercises().stream().map(Block.Exercise::id).filter(id -> !id.equals("cosine")).toList();

        ChromeDriver driver = null;
        try (JupyterServerProcess jupyter = JupyterServerProcess.startClassicNotebook(dir)) {
            driver = Browser.start();
            try {
                runTheLesson(driver, jupyter, exercise, others);
            } catch (AssertionError | RuntimeException e) {
                Browser.screenshot(driver, SCREENSHOT + "-failed");
                throw new AssertionError(e.getMessage() + "\n--- jupyter log ---\n" + jupyter.log(), e);
            }
        } finally {
            if (driver != null) {
                driver.quit();
            }
        }
    }

    private static void runTheLesson(ChromeDriver driver, JupyterServerProcess jupyter, Block.Exercise exercise, List<String> others)
            throws Exception {
        driver.get(jupyter.base().resolve("notebooks/" + NOTEBOOK) + "?token=" + jupyter.token());
        // The notebook is loaded and its kernel ("Java (course)", from our kernelspec) has started and is idle.
        waitUpTo(driver, 120).until(d -> Boolean.TRUE.equals(script(d, """
                return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel
                    && Jupyter.notebook.kernel.is_connected() && !Jupyter.notebook.kernel_busy);""")));
        assertEquals("Java (course)", driver.findElement(By.cssSelector(".kernel_indicator_name")).getText());

        List<WebElement> cells = driver.findElements(By.cssSelector("#notebook-container > .cell"));
        List<WebElement> code = driver.findElements(By.cssSelector("#notebook-container > .cell.code_cell"));
        assertTrue(code.size() >= 7, "the lesson's code cells are in the page: " + code.size());

        // Select the first cell (a click on a rendered Markdown cell selects it without editing), then
        // Shift+Enter through them all: code cells run (queued one after another), Markdown cells stay rendered.
        cells.getFirst().findElement(By.cssSelector(".text_cell_render")).click();
        for (int i = 0; i < cells.size(); i++) {
            shiftEnter(driver);
        }
        waitUpTo(driver, 150).until(d -> code.stream().allMatch(NotebookUiIT::ran));

        List<String> outputs = code.stream().map(NotebookUiIT::outputText).toList();
        assertEquals("8.0", outputs.get(0), "dot(a, b), the first cell's value");
        assertTrue(outputs.get(1).contains("a · b      = 8.0") && outputs.get(1).contains("(2a) · b   = 16.0"), outputs.get(1));
        assertTrue(outputs.get(2).contains("|a| = 3.1623, |b| = 2.8284"), outputs.get(2));
        assertFalse(code.get(3).findElements(By.cssSelector(".output_svg svg line")).isEmpty(), "the arrows are an SVG in the page");
        assertTrue(outputs.get(3).contains("angle between a (blue) and b (orange): 26.6 degrees"), outputs.get(3));
        assertTrue(outputs.get(4).contains("cosine(a, b)            = 0.894427"), outputs.get(4));
        assertTrue(outputs.stream().noneMatch(text -> text.contains("Error")), "no cell failed: " + outputs);

        // The check of the untouched starter (return 0): only the checks a constant 0 satisfies pass.
        WebElement exerciseCell = cells.get(cellOf(driver, exercise.id(), "exercise"));
        WebElement checkCell = cells.get(cellOf(driver, exercise.id(), "check"));
        assertEquals(code.indexOf(exerciseCell) + 1, code.indexOf(checkCell), "the check follows its starter, so Shift+Enter reaches it");
        WebElement report = checkCell.findElement(By.cssSelector(".output_html .course-check"));
        assertEquals("false", report.getAttribute("data-passed"), report.getText());
        assertEquals(Set.of("right angles give 0", "length does not matter"), passedChecks(report));
        assertEquals(2, report.findElements(By.cssSelector("li.fail")).size(), report.getText());
        // The design exercises' starters (every index 0, every word the same arrow) fail too.
        for (String other : others) {
            WebElement otherReport = cells.get(cellOf(driver, other, "check")).findElement(By.cssSelector(".output_html .course-check"));
            assertEquals("false", otherReport.getAttribute("data-passed"), other + ": " + otherReport.getText());
            assertFalse(otherReport.findElements(By.cssSelector("li.fail")).isEmpty(), other + ": " + otherReport.getText());
        }

        // Solve it in the cell as a person would: click into the editor, replace the text, Shift+Enter twice.
        String solution = exercise.solution().strip().lines().map(String::strip).reduce((a, b) -> a + " " + b).orElseThrow();
        int before = count(checkCell);
        exerciseCell.findElement(By.cssSelector(".CodeMirror")).click();
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(Keys.DELETE).perform();
        new Actions(driver).sendKeys(solution).perform();
        assertEquals(solution, script(driver, "return Jupyter.notebook.get_cell(arguments[0]).get_text();", cells.indexOf(exerciseCell)),
                "the editor holds exactly what was typed (its bracket closing overtypes)");
        shiftEnter(driver);
        shiftEnter(driver);
        waitUpTo(driver, 60).until(d -> ran(checkCell) && count(checkCell) > before);

        WebElement solved = checkCell.findElement(By.cssSelector(".output_html .course-check"));
        assertEquals("true", solved.getAttribute("data-passed"), solved.getText());
        assertEquals(Set.of("identical directions give 1", "right angles give 0", "opposite directions give -1",
                "length does not matter"), passedChecks(solved));
        assertTrue(solved.getText().contains("✔ identical directions give 1"), solved.getText());

        script(driver, "arguments[0].scrollIntoView({block: 'end'});", solved); // the solved cell above, its verdict below
        Path shot = Browser.screenshot(driver, SCREENSHOT);
        assertTrue(Files.size(shot) > 10_000, "a real screenshot: " + shot);

        // The display API as Jupyter renders it, typed into new cells at the end of the notebook.
        WebElement bar = typeAndRunInTheLastCell(driver, "String bar = display(\"0%\"); "
                + "for (int i = 1; i <= 100; i++) { Thread.sleep(5); updateDisplay(bar, i + \"%\"); }");
        WebElement cleared = typeAndRunInTheLastCell(driver, "System.out.println(\"gone\"); clearOutput(true); System.out.println(\"kept\");");
        WebElement latex = typeAndRunInTheLastCell(driver, "latex(\"\\\\frac{a \\\\cdot b}{|a|\\\\,|b|}\");");
        waitUpTo(driver, 60).until(d -> ran(bar) && ran(cleared) && ran(latex));
        assertEquals(1, bar.findElements(By.cssSelector(".output_area")).size(), "update_display_data: one bar, not a hundred");
        assertEquals("100%", outputText(bar), "the final update is shown");
        assertEquals("kept", outputText(cleared), "clear_output with wait cleared before the next output");
        waitUpTo(driver, 30).until(d -> !latex.findElements(By.cssSelector(".output_latex .MathJax_Display, .output_latex .MathJax")).isEmpty());
        assertFalse(outputText(latex).contains("$$"), "MathJax typeset the LaTeX: " + outputText(latex));
        script(driver, "arguments[0].scrollIntoView({block: 'end'});", latex);
        Browser.screenshot(driver, SCREENSHOT + "-display");
    }

    /**
     * The index among the notebook's cells of an exercise's starter ({@code exercise}) or check cell
     * ({@code check}): the cell tagged so whose {@code course.exercise} metadata names the exercise.
     */
    private static int cellOf(ChromeDriver driver, String exercise, String tag) {
        Object index = script(driver, """
                return Jupyter.notebook.get_cells().findIndex(c => c.metadata.course && c.metadata.course.exercise === arguments[0]
                    && (c.metadata.tags || []).includes(arguments[1]));""", exercise, tag);
        int found = ((Number) index).intValue();
        assertTrue(found >= 0, "no " + tag + " cell for exercise " + exercise + " in the notebook");
        return found;
    }

    /**
     * Types one line of Java into the notebook's last cell (the empty one Shift+Enter leaves at the end)
     * and runs it with Shift+Enter, which adds a new empty cell below. Returns the cell that ran.
     */
    private static WebElement typeAndRunInTheLastCell(ChromeDriver driver, String line) {
        List<WebElement> cells = driver.findElements(By.cssSelector("#notebook-container > .cell"));
        WebElement last = cells.getLast();
        last.findElement(By.cssSelector(".CodeMirror")).click();
        new Actions(driver).sendKeys(line).perform();   // into the editor the click focused
        assertEquals(line, script(driver, "return Jupyter.notebook.get_cell(arguments[0]).get_text();", cells.size() - 1));
        shiftEnter(driver);
        return last;
    }

    private static void shiftEnter(ChromeDriver driver) {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.ENTER).keyUp(Keys.SHIFT).perform();
    }

    /** A code cell has run: its prompt shows a number ({@code In [3]:}), not {@code [ ]} or the running {@code [*]}. */
    private static boolean ran(WebElement codeCell) {
        return count(codeCell) > 0;
    }

    private static int count(WebElement codeCell) {
        String prompt = codeCell.findElement(By.cssSelector(".input_prompt")).getText().replaceAll("[\\s\u00a0]", "");
        var match = Pattern.compile("In\\[(\\d+)]").matcher(prompt);
        return match.find() ? Integer.parseInt(match.group(1)) : 0;
    }

    /** What the page shows under a code cell: its output areas' text, one per line. */
    private static String outputText(WebElement codeCell) {
        return codeCell.findElements(By.cssSelector(".output_subarea")).stream()
                .map(WebElement::getText).map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** The names of the checks the report marks passed (JUnit runs them in no fixed order). */
    private static Set<String> passedChecks(WebElement report) {
        return report.findElements(By.cssSelector("li.pass")).stream().map(li -> li.getText().replaceFirst("^✔\\s*", ""))
                .collect(Collectors.toSet());
    }

    private static Object script(org.openqa.selenium.WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static WebDriverWait waitUpTo(ChromeDriver driver, int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }
}
