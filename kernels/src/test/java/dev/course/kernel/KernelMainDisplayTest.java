package dev.course.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.StdioKernel.Execution;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The display API through a real kernel process, as Jupyter sees it on IOPub: display ids,
 * {@code update_display_data}, {@code clear_output}, and images as PNG.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KernelMainDisplayTest {

    private StdioKernel kernel;

    @BeforeAll
    void startKernel() throws Exception {
        kernel = StdioKernel.start();
    }

    @AfterAll
    void stopKernel() {
        kernel.close();
    }

    @Test
    void aProgressBarUpdatedInAStepwiseLoopIsOneDisplayAndItsUpdates() {
        Execution run = kernel.execute("""
                String bar = display("[" + " ".repeat(20) + "] 0%");
                for (int i = 1; i <= 20; i++) {
                    Thread.sleep(60); // slower than the update interval: every step is sent
                    updateDisplay(bar, "[" + "#".repeat(i) + " ".repeat(20 - i) + "] " + 5 * i + "%");
                }
                bar""");
        assertEquals("ok", run.status(), run.iopub().toString());

        List<JsonNode> shown = run.ofType("display_data");
        assertEquals(1, shown.size(), "one display: " + run.iopub());
        String id = shown.getFirst().path("content").path("transient").path("display_id").asText();
        assertFalse(id.isEmpty(), "the display carries its id: " + shown);
        List<JsonNode> updates = run.ofType("update_display_data");
        assertEquals(20, updates.size(), "no step waited for a newer one: " + updates);
        assertTrue(updates.stream().allMatch(u -> u.path("content").path("transient").path("display_id").asText().equals(id)),
                "every update names the display");
        assertEquals("[" + "#".repeat(20) + "] 100%", updates.getLast().path("content").path("data").path("text/plain").asText());
        assertEquals("\"" + id + "\"", run.resultText(), "the id is the cell's value when asked for by name");
    }

    @Test
    void tenThousandUpdatesInATightLoopAreAFewMessagesEndingInTheFinalValue() {
        Execution run = kernel.execute("""
                String counter = display("0");
                long start = System.nanoTime();
                for (int i = 1; i <= 10_000; i++) {
                    updateDisplay(counter, "step " + i);
                }
                System.out.println((System.nanoTime() - start) / 1_000_000);""");
        assertEquals("ok", run.status(), run.iopub().toString());
        long loopMillis = Long.parseLong(run.stream("stdout").strip());
        List<JsonNode> updates = run.ofType("update_display_data");
        // One at once, one batch per update interval while the loop ran, one when the cell ended.
        assertTrue(updates.size() <= 2 + loopMillis / 50, updates.size() + " updates for a " + loopMillis + " ms loop");
        assertTrue(run.iopub().size() < 100, "IOPub stays small: " + run.iopub().size() + " messages");
        assertEquals("step 10000", updates.getLast().path("content").path("data").path("text/plain").asText(),
                "the final value is always delivered");
    }

    @Test
    void aCellEndingInADisplayCallShowsNoIdAsItsValue() {
        Execution run = kernel.execute("display(6 * 7)");
        assertEquals("ok", run.status());
        assertEquals(1, run.ofType("display_data").size());
        assertTrue(run.ofType("execute_result").isEmpty(), "the id is not shown: " + run.iopub());
    }

    @Test
    void anUpdateReachesADisplayOfAnEarlierCell() {
        Execution first = kernel.execute("String status = html(\"<b>working</b>\");");
        String id = first.ofType("display_data").getFirst().path("content").path("transient").path("display_id").asText();
        Execution second = kernel.execute("updateDisplay(status, MimeBundle.html(\"<b>done</b>\", \"done\"));");
        JsonNode update = second.ofType("update_display_data").getFirst().path("content");
        assertEquals(id, update.path("transient").path("display_id").asText());
        assertEquals("<b>done</b>", update.path("data").path("text/html").asText());
        assertEquals(first.msgId(), first.ofType("display_data").getFirst().path("parent_header").path("msg_id").asText());
        assertEquals(second.msgId(), second.ofType("update_display_data").getFirst().path("parent_header").path("msg_id").asText(),
                "the update belongs to the cell that sent it");
    }

    @Test
    void clearOutputComesAfterWhatWasPrintedBeforeIt() {
        Execution run = kernel.execute("""
                System.out.println("gone");
                clearOutput(false);
                System.out.println("kept");
                clearOutput(true);""");
        assertEquals("ok", run.status());
        List<String> order = run.iopub().stream()
                .filter(m -> List.of("stream", "clear_output").contains(StdioKernel.type(m)))
                .map(m -> StdioKernel.type(m).equals("stream")
                        ? m.path("content").path("text").asText().strip()
                        : "clear wait=" + m.path("content").path("wait").asBoolean())
                .toList();
        assertEquals(List.of("gone", "clear wait=false", "kept", "clear wait=true"), order);
    }

    @Test
    void aBufferedImageIsAPngAsTheCellsValueAndWhenDisplayed() throws Exception {
        Execution asValue = kernel.execute("""
                var image = new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB);
                image.setRGB(1, 2, 0x3366ff);
                image""");
        assertEquals("ok", asValue.status(), asValue.iopub().toString());
        Execution displayed = kernel.execute("display(image);");
        JsonNode result = asValue.ofType("execute_result").getFirst().path("content").path("data");
        JsonNode shown = displayed.ofType("display_data").getFirst().path("content").path("data");
        for (JsonNode data : List.of(shown, result)) {
            assertEquals("[image 4×3]", data.path("text/plain").asText());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(data.path("image/png").asText())));
            assertEquals(4, decoded.getWidth());
            assertEquals(0x3366ff, decoded.getRGB(1, 2) & 0xffffff);
        }
    }
}
