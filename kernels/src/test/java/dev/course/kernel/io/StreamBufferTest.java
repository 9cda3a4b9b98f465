package dev.course.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamBufferTest {

    @Test
    void keepsAnUnfinishedCharacterForTheNextDrain() {
        StreamBuffer buffer = new StreamBuffer("stdout", 1024, () -> { });
        byte[] text = "a€b😀".getBytes(StandardCharsets.UTF_8); // 1 + 3 + 1 + 4 bytes

        buffer.write(text, 0, 3); // "a" and two of the three bytes of "€"
        assertEquals("a", buffer.drainText());
        buffer.write(text, 3, 4); // the rest of "€", "b", first byte of the emoji
        assertEquals("€b", buffer.drainText());
        buffer.write(text, 7, 2);
        assertEquals("😀", buffer.drainText());
        assertEquals("", buffer.drainText());
    }

    @Test
    void findsTheEndOfTheLastCompleteCharacter() {
        assertEquals(0, StreamBuffer.completeUtf8Length(new byte[0]));
        assertEquals(1, StreamBuffer.completeUtf8Length(new byte[] {'a'}));
        assertEquals(1, StreamBuffer.completeUtf8Length(new byte[] {'a', (byte) 0xE2, (byte) 0x82}));
        assertEquals(4, StreamBuffer.completeUtf8Length(new byte[] {'a', (byte) 0xE2, (byte) 0x82, (byte) 0xAC}));
    }

    @Test
    void asksForAFlushOnceEnoughIsPending() {
        AtomicInteger requests = new AtomicInteger();
        StreamBuffer buffer = new StreamBuffer("stdout", 10, requests::incrementAndGet);
        buffer.write("12345".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertEquals(0, requests.get());
        buffer.write("67890".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertEquals(1, requests.get());
    }
}
