package dev.course.kernel.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.protocol.Channel;
import dev.course.kernel.protocol.Header;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.JsonLineFormat;
import dev.course.kernel.protocol.Message;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdioTransportTest {

    @Test
    void deliversEachLineAsAMessageAndSkipsTheRest() throws Exception {
        String input = """
                {"channel":"shell","header":{"msg_id":"1","msg_type":"kernel_info_request"}}

                garbage
                {"channel":"control","header":{"msg_id":"2","msg_type":"interrupt_request"},"content":{}}
                """;
        List<Message> received = new ArrayList<>();
        CountDownLatch closed = new CountDownLatch(1);
        StdioTransport transport = new StdioTransport(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream());

        transport.start(new Transport.Listener() {
            @Override
            public void onMessage(Message message) {
                received.add(message);
            }

            @Override
            public void onClosed() {
                closed.countDown();
            }
        });

        assertTrue(closed.await(5, TimeUnit.SECONDS), "the end of input is reported");
        assertEquals(List.of("kernel_info_request", "interrupt_request"), received.stream().map(Message::type).toList());
        assertEquals(Channel.CONTROL, received.get(1).channel());
    }

    @Test
    void linesFromManyThreadsNeverInterleave() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        StdioTransport transport = new StdioTransport(new ByteArrayInputStream(new byte[0]), output);
        String longText = "x".repeat(10_000);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    transport.send(new Message(Channel.IOPUB, List.of(), Header.create("stream", "k", "kernel"), null,
                            Json.object(), Json.object("name", "stdout", "text", longText)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        transport.close();

        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(400, lines.size());
        for (String line : lines) {
            assertEquals(longText, JsonLineFormat.decode(line).content().path("text").asText());
        }
    }
}
