package dev.course.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.kernel.protocol.CommTargets;
import dev.course.kernel.protocol.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server answers to a kernel's comm messages, without starting a kernel. */
class ModelCommTest {

    private final List<JsonNode> toKernel = new CopyOnWriteArrayList<>();

    private static ObjectNode fromKernel(String msgType, ObjectNode content) {
        return Messages.request("iopub", msgType, "kernel", content);
    }

    private static ObjectNode open(String commId, String target) {
        return fromKernel("comm_open", Messages.JSON.createObjectNode().put("comm_id", commId).put("target_name", target));
    }

    @Test
    void withoutAServiceTheCommIsClosedWithAReason() {
        ModelComm comm = new ModelComm("k1", null, toKernel::add);
        comm.receive(open("c1", CommTargets.MODELS));
        assertEquals(1, toKernel.size());
        JsonNode close = toKernel.getFirst();
        assertEquals("comm_close", Messages.msgType(close));
        assertEquals("shell", Messages.channel(close));
        assertEquals("c1", close.path("content").path("comm_id").asText());
        assertTrue(close.path("content").path("data").path("reason").asText().contains("without a model service"));
    }

    @Test
    void unknownTargetsAndTooManyCommsAreClosedAndMessagesOnUnopenedCommsIgnored() {
        try (ModelService service = new ModelService(ModelServiceLimits.defaults())) {
            ModelComm comm = new ModelComm("k1", service, toKernel::add);
            comm.receive(open("w1", "jupyter.widget"));
            assertTrue(toKernel.getLast().path("content").path("data").path("reason").asText().contains("jupyter.widget"));
            for (int i = 0; i < ModelComm.MAX_OPEN_COMMS; i++) {
                comm.receive(open("c" + i, CommTargets.MODELS));
            }
            assertEquals(1, toKernel.size(), "the first comms are opened silently");
            comm.receive(open("one-too-many", CommTargets.MODELS));
            assertEquals("one-too-many", toKernel.getLast().path("content").path("comm_id").asText());
            comm.receive(fromKernel("comm_msg", Messages.JSON.createObjectNode().put("comm_id", "never-opened")));
            assertEquals(2, toKernel.size());
        }
    }

    @Test
    void aRequestOnAnOpenCommIsAnsweredOnTheSameComm() throws Exception {
        try (ModelService service = new ModelService(ModelServiceLimits.defaults())) {
            ModelComm comm = new ModelComm("k1", service, toKernel::add);
            comm.receive(open("c1", CommTargets.MODELS));
            ObjectNode content = Messages.JSON.createObjectNode().put("comm_id", "c1");
            content.putObject("data").put("id", 3).put("model", "all-MiniLM-L6-v2"); // no rows: refused
            comm.receive(fromKernel("comm_msg", content));
            JsonNode answer = toKernel.getLast();
            assertEquals("comm_msg", Messages.msgType(answer));
            assertEquals("c1", answer.path("content").path("comm_id").asText());
            assertEquals(3, answer.path("content").path("data").path("id").asLong());
            assertTrue(answer.path("content").path("data").path("error").asText().contains("\"rows\""));
        }
    }
}
