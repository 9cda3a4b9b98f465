package dev.course.server.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offering never blocks; the queue is bounded in bytes; a write that overruns its deadline is reported once. */
@Timeout(30)
class PipeWriterTest {

    @Test
    void linesAreWrittenInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PipeWriter writer = new PipeWriter("t1", out, 1024, Duration.ofSeconds(5), () -> { })) {
            assertTrue(writer.offer("a\n".getBytes()));
            assertTrue(writer.offer("b\n".getBytes()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (writer.queuedBytes() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("a\nb\n", out.toString());
        }
    }

    @Test
    void aReaderThatStopsMakesTheWriterReportTheStallWhileOffersStayInstantAndBounded() throws Exception {
        // A pipe nobody reads: like a kernel stopped with SIGSTOP, its 1 KB buffer fills and write blocks.
        PipedInputStream unread = new PipedInputStream(1024);
        PipedOutputStream pipe = new PipedOutputStream(unread);
        CountDownLatch stalled = new CountDownLatch(1);
        try (PipeWriter writer = new PipeWriter("t2", pipe, 64 * 1024, Duration.ofMillis(500), stalled::countDown)) {
            byte[] line = new byte[4096];
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                accepted += writer.offer(line) ? 1 : 0;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "100 offers to a blocked pipe took " + millis + " ms");
            assertTrue(accepted <= 17, "at most 64 KB queue (plus the line being written): " + accepted + " accepted");
            assertTrue(writer.queuedBytes() <= 64 * 1024);
            assertTrue(stalled.await(5, TimeUnit.SECONDS), "the blocked write was reported");
            assertTrue(writer.stalled());
            unread.close(); // the owner kills the kernel: the pipe breaks and the writer ends
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (writer.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(writer.isOpen(), "a broken pipe ends the writer");
            assertFalse(writer.offer(line), "a gone kernel takes nothing");
        }
    }

    @Test
    void aBrokenPipeRefusesFurtherLines() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        PipeWriter writer = new PipeWriter("t3", broken, 1024, Duration.ofSeconds(5), () -> { });
        writer.offer("x\n".getBytes());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(writer.offer("y\n".getBytes()));
        assertEquals(0, writer.queuedBytes());
    }
}
