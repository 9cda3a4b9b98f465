package dev.course.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.EncoderRequest;
import dev.course.engine.embed.RemoteEncoder;
import dev.course.kernel.protocol.Json;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.course.kernel.protocol.CommTargets;

import static dev.course.kernel.StdioKernel.TIMEOUT;
import static dev.course.kernel.StdioKernel.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real kernel process started as the course server starts it when it offers a model service
 * ({@code -Dcourse.kernel.modelService=true}); the test plays the server's side of the comm.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KernelMainModelServiceTest {

    private static final String SENTENCE = "Late interaction compares every token.";
    private static final String EMBED_CELL = "var v = dev.course.engine.embed.EmbeddingModel.miniLm().embed(\"" + SENTENCE + "\");\n"
            + "v[0] + \" \" + v[383]";

    private static JsonNode modelRequest(StdioKernel kernel, int nth) {
        return kernel.await(m -> type(m).equals("comm_msg") && m.path("content").path("data").path("id").asLong() == nth, TIMEOUT);
    }

    @Test
    void theCellsForwardPassGoesToTheServiceAndItsVectorIsTheLocalOne() throws Exception {
        try (StdioKernel kernel = StdioKernel.start("-Dcourse.kernel.modelService=true")) {
            String cell = kernel.send("shell", "execute_request", Json.object("code", EMBED_CELL));
            JsonNode open = kernel.await(m -> type(m).equals("comm_open"), TIMEOUT);
            assertEquals(CommTargets.MODELS, open.path("content").path("target_name").asText());
            assertEquals("iopub", open.path("channel").asText());
            JsonNode request = modelRequest(kernel, 1);
            String commId = request.path("content").path("comm_id").asText();
            assertEquals(open.path("content").path("comm_id").asText(), commId);

            // The server's side, in this JVM: the local encoder computes what was asked.
            EncoderRequest asked = EncoderRequest.fromJson(request.path("content").path("data"), 64, 512,
                    RemoteEncoder.MAX_POSITIONS_PER_REQUEST);
            assertEquals("all-MiniLM-L6-v2", asked.model());
            float[] pooled = EmbeddingModel.miniLm().encoder().pooled(asked.input(), asked.pooling().orElseThrow())[0];
            ObjectNode answer = new EncoderReply(new long[] {1, pooled.length}, pooled).toJson();
            answer.put("id", 1);
            kernel.send("shell", "comm_msg", Json.object("comm_id", commId, "data", answer));

            assertEquals("ok", kernel.reply(cell).path("content").path("status").asText(), kernel.stderr());
            float[] local = EmbeddingModel.miniLm().embed(SENTENCE);
            String shown = kernel.iopubUntilIdle(cell).stream().filter(m -> type(m).equals("execute_result")).findFirst()
                    .orElseThrow().path("content").path("data").path("text/plain").asText();
            assertEquals("\"" + local[0] + " " + local[383] + "\"", shown);
        }
    }

    @Test
    void anInterruptedCellWaitingForTheServiceStopsAndTheKernelCarriesOn() throws Exception {
        try (StdioKernel kernel = StdioKernel.start("-Dcourse.kernel.modelService=true")) {
            String cell = kernel.send("shell", "execute_request", Json.object("code", EMBED_CELL));
            modelRequest(kernel, 1); // never answered
            kernel.send("control", "interrupt_request", Json.object());
            JsonNode reply = kernel.reply(cell);
            assertEquals("error", reply.path("content").path("status").asText());
            StdioKernel.Execution next = kernel.execute("40 + 2");
            assertEquals("42", next.resultText());
        }
    }

    @Test
    void aServerWithoutTheServiceClosesTheCommAndTheCellSaysWhy() throws Exception {
        try (StdioKernel kernel = StdioKernel.start("-Dcourse.kernel.modelService=true")) {
            String cell = kernel.send("shell", "execute_request", Json.object("code", EMBED_CELL));
            JsonNode open = kernel.await(m -> type(m).equals("comm_open"), TIMEOUT);
            kernel.send("shell", "comm_close", Json.object("comm_id", open.path("content").path("comm_id").asText(),
                    "data", Json.object("reason", "this course server runs without a model service")));
            JsonNode reply = kernel.reply(cell);
            assertEquals("error", reply.path("content").path("status").asText());
            assertTrue(reply.path("content").path("evalue").asText().contains("without a model service"), reply.toString());
        }
    }

    @Test
    void withoutTheFlagAsUnderJupyterTheModelLoadsInTheKernel() throws Exception {
        try (StdioKernel kernel = StdioKernel.start()) {
            StdioKernel.Execution run = kernel.execute(EMBED_CELL);
            assertEquals("ok", run.reply().path("content").path("status").asText(), kernel.stderr());
            float[] local = EmbeddingModel.miniLm().embed(SENTENCE);
            assertEquals("\"" + local[0] + " " + local[383] + "\"", run.resultText());
            assertFalse(kernel.arrives(m -> type(m).startsWith("comm_"), Duration.ofMillis(200)));
        }
    }
}
