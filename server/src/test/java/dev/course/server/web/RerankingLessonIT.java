package dev.course.server.web;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.server.modelhub.FakeHub;
import dev.course.server.modelhub.StandInCrossEncoder;
import dev.course.server.models.ModelService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reranking lesson in headless Chromium against the real server, a sandboxed kernel and the
 * server's model service, first as on a fresh clone (no cross-encoder: MiniLM rescoring, and the
 * page says how to get one), then after {@code ./course models pull ms-marco-minilm-l6} against a
 * local stand-in of the Hugging Face Hub serving a stand-in ONNX file of the cross-encoder's shape with
 * random weights ({@link StandInCrossEncoder}): the same cells rerank with it, scored by the server's
 * one copy, and the page labels it a stand-in. Saves {@code target/screenshots/reranking-lesson-*.png}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RerankingLessonIT {

    private static final String REPO = "cross-encoder/ms-marco-MiniLM-L6-v2";

    private static Path models;
    private static ModelService modelService;
    private static CourseApplication server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(StandInCrossEncoder.canWrite(), "python3-onnx writes the stand-in cross-encoder");
        // the server's and its kernels' models folder; not under /tmp, which is the sandbox's own
        models = Files.createDirectories(Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "course-models").resolve("models"));
        System.setProperty("course.models", models.toString());
        driver = Browser.start();
        server = TestServers.application().maxKernels(2).start(); // its model service reads course.models, set above
        modelService = server.modelService();
    }

    @AfterAll
    static void stop() {
        Browser.stop(driver, server); // closes the application and the model service it made
        System.clearProperty("course.models");
    }

    @Test
    void reranksWithMiniLmOnAFreshCloneAndWithThePulledCrossEncoderOnceItIsThere() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/learn/build-your-own-search/reranking");
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d ->
                "idle".equals(d.findElement(By.cssSelector("[data-testid=kernel-state]")).getAttribute("data-state")));
        assertTrue(run(cellContaining("EmbeddingModel model = EmbeddingModel.miniLm()")).contains("model: all-MiniLM-L6-v2"));
        String indexed = run(cellContaining("List<Document> docs = JdkApiCorpus.sample()"));
        // The cells below use the index this cell builds: say here why, if it was not built.
        assertTrue(!indexed.contains("Exception") && !indexed.contains("Error"), "the index cell failed: " + indexed);

        WebElement which = cellContaining("InstalledCrossEncoder.find()");
        WebElement ranks = cellContaining("Reranker secondStage");
        assertTrue(run(which).contains("no cross-encoder installed: ./course models pull ms-marco-minilm-l6"));
        String without = run(ranks);
        assertTrue(without.contains("second stage: rescore(all-MiniLM-L6-v2) over BM25's top 100, using all-MiniLM-L6-v2: bundled ONNX"),
                without);
        Browser.screenshot(driver, "reranking-lesson-without-cross-encoder");

        pullStandInThroughTheHub();
        long servedBefore = modelService.served();
        String model = run(which);
        assertTrue(model.contains("cross-encoder: ms-marco-minilm-l6 (" + REPO + "): ONNX, 2.0 MB, float32 weights [stand-in: "
                + StandInCrossEncoder.LABEL + "]"), model);
        String with = run(ranks);
        assertTrue(with.contains("second stage: cross-encoder(ms-marco-minilm-l6) over BM25's top 100")
                && with.contains("[stand-in: " + StandInCrossEncoder.LABEL + "]"), with);
        assertTrue(modelService.served() > servedBefore, "the server's copy scored the pairs");
        assertTrue(ranks.findElements(By.cssSelector("[data-testid=output] svg, [data-testid=output] img")).size() > 0,
                "the figure of how ranks moved is drawn");
        Browser.screenshot(driver, "reranking-lesson-with-stand-in-cross-encoder");
    }

    /** {@code ./course models pull ms-marco-minilm-l6}, in its own process, against a local hub serving the stand-in. */
    private static void pullStandInThroughTheHub() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            hub.lfs(REPO, "onnx/model.onnx", StandInCrossEncoder.onnx(Files.createTempDirectory("stand-in")));
            hub.git(REPO, "tokenizer.json", StandInCrossEncoder.tokenizer());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pull = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "dev.course.server.cli.CourseCli", "models", "pull", "ms-marco-minilm-l6").redirectErrorStream(true);
            pull.environment().put("HF_ENDPOINT", hub.endpoint().toString());
            pull.environment().put("COURSE_MODELS", models.toString());
            Process process = pull.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "models pull did not finish: " + output);
            assertEquals(0, process.exitValue(), output);
        }
        assertTrue(Files.isRegularFile(models.resolve("ms-marco-minilm-l6").resolve("course-model.json")), "pulled and verified");
    }

    private static WebElement cellContaining(String text) {
        return driver.findElements(By.cssSelector("[data-testid=cell]")).stream()
                .filter(cell -> String.valueOf(((JavascriptExecutor) driver).executeScript(
                        "const cm = arguments[0].querySelector('.CodeMirror'); return cm ? cm.CodeMirror.getValue() : '';", cell))
                        .contains(text))
                .findFirst().orElseThrow(() -> new AssertionError("no cell of the reranking lesson contains " + text));
    }

    /** Runs a cell and waits until it has finished; returns its output text. */
    private static String run(WebElement cell) {
        WebElement button = cell.findElement(By.cssSelector("[data-testid=run]"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
        String before = cell.findElement(By.cssSelector(".count")).getText();
        button.click();
        new WebDriverWait(driver, Duration.ofSeconds(150)).until(d -> !cell.getAttribute("class").contains("busy")
                && !cell.findElement(By.cssSelector(".count")).getText().equals("…")
                && !cell.findElement(By.cssSelector(".count")).getText().isEmpty()
                && !cell.findElement(By.cssSelector(".count")).getText().equals(before));
        return cell.findElement(By.cssSelector("[data-testid=output]")).getText();
    }
}
