package dev.course.server.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines are read in chunks; an over-long line is cut to the limit and the rest thrown away as it arrives. */
class BoundedLineReaderTest {

    @Test
    void shortLinesComeWholeWithTheirTerminatorsRemoved() throws IOException {
        BoundedLineReader reader = new BoundedLineReader(new StringReader("one\ntwo\r\n\nlast"), 10);
        assertEquals(new BoundedLineReader.Line("one", 3), reader.next());
        assertEquals(new BoundedLineReader.Line("two", 3), reader.next());
        assertEquals(new BoundedLineReader.Line("", 0), reader.next());
        BoundedLineReader.Line last = reader.next();
        assertEquals("last", last.text(), "a last line without a newline still counts");
        assertFalse(last.cut());
        assertNull(reader.next());
    }

    @Test
    void anOverLongLineIsCutAndTheNextLineIsIntact() throws IOException {
        String longLine = "x".repeat(100_000);
        BoundedLineReader reader = new BoundedLineReader(new StringReader(longLine + "\n{\"next\": 1}\n"), 1000);
        BoundedLineReader.Line cut = reader.next();
        assertTrue(cut.cut());
        assertEquals(1000, cut.text().length(), "only the limit is kept");
        assertEquals(100_000, cut.length(), "the real length is known");
        assertEquals("{\"next\": 1}", reader.next().text());
        assertNull(reader.next());
    }

    @Test
    void aLineLongerThanMemoryWithoutANewlineIsReadInConstantSpace() throws IOException {
        long total = 3L * 1024 * 1024 * 1024; // 3 G characters: far more than the test JVM's heap
        Reader endless = new Reader() {
            private long left = total;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, 'y');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        BoundedLineReader.Line line = new BoundedLineReader(endless, 4096).next();
        assertEquals(total, line.length());
        assertEquals(4096, line.text().length());
    }
}
