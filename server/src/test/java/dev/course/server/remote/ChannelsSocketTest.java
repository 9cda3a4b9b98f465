package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway's channels socket is bounded like a local kernel's stdout (issue 12, High 2): a message
 * longer than {@link Messages#MAX_MESSAGE_CHARS} is discarded as it arrives, and the next one is read.
 */
@Timeout(60)
class ChannelsSocketTest {

    @Test
    void anOverlongMessageIsDroppedAndTheNextOneArrives() throws Exception {
        String huge = "{\"channel\":\"iopub\",\"text\":\"" + "x".repeat(Messages.MAX_MESSAGE_CHARS + 1000) + "\"}";
        Javalin gateway = Javalin.create(config -> {
            config.jetty.modifyWebSocketServletFactory(factory -> factory.setMaxTextMessageSize(2L * huge.length()));
            config.routes.ws("/channels", ws -> ws.onConnect(ctx -> {
                ctx.send(huge);
                ctx.send("{\"channel\":\"iopub\",\"text\":\"after\"}");
            }));
        }).start("127.0.0.1", 0);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        CountDownLatch next = new CountDownLatch(1);
        ChannelsSocket socket = ChannelsSocket.open(HttpClient.newHttpClient(),
                URI.create("ws://127.0.0.1:" + gateway.port() + "/channels"), "", message -> {
                    received.add(message);
                    next.countDown();
                }, reason -> { });
        try {
            assertTrue(next.await(30, TimeUnit.SECONDS), "the message after the over-long one arrives");
            assertEquals(1, received.size(), "only the message within the limit: " + received.size());
            assertEquals("after", received.getFirst().path("text").asText());
        } finally {
            socket.close();
            gateway.stop();
        }
    }
}
