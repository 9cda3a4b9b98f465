package dev.course.server.models;

import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.Pooling;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyCacheTest {

    private static EncoderInput batch(long... ids) {
        return new EncoderInput(1, ids.length, ids, new long[ids.length], new int[] {ids.length});
    }

    private static EncoderReply vectorOf(int floats) {
        return new EncoderReply(new long[] {1, floats}, new float[floats]);
    }

    @Test
    void computesOnceForTheSameRequestAndAgainForAnyDifference() {
        ReplyCache cache = new ReplyCache(1 << 20);
        AtomicInteger computed = new AtomicInteger();
        EncoderReply first = cache.answer("m", Optional.of(Pooling.MEAN), batch(101, 7, 102), () -> {
            computed.incrementAndGet();
            return vectorOf(4);
        });
        assertSame(first, cache.answer("m", Optional.of(Pooling.MEAN), batch(101, 7, 102), () -> {
            throw new AssertionError("an identical request is answered from the cache");
        }));
        cache.answer("m", Optional.of(Pooling.CLS), batch(101, 7, 102), () -> vectorOf(4));
        cache.answer("m", Optional.empty(), batch(101, 7, 102), () -> vectorOf(4));
        cache.answer("other", Optional.of(Pooling.MEAN), batch(101, 7, 102), () -> vectorOf(4));
        cache.answer("m", Optional.of(Pooling.MEAN), batch(101, 8, 102), () -> vectorOf(4));
        assertEquals(1, cache.hits());
        assertEquals(5, cache.misses());
    }

    @Test
    void theKeyCoversSegmentIdsAndRowLengths() {
        long[] ids = {101, 7, 102, 0};
        var oneRow = new EncoderInput(1, 4, ids, new long[4], new int[] {3});
        var fullRow = new EncoderInput(1, 4, ids, new long[4], new int[] {4});
        var secondSegment = new EncoderInput(1, 4, ids, new long[] {0, 1, 1, 0}, new int[] {3});
        assertNotEquals(ReplyCache.key("m", Optional.empty(), oneRow), ReplyCache.key("m", Optional.empty(), fullRow));
        assertNotEquals(ReplyCache.key("m", Optional.empty(), oneRow), ReplyCache.key("m", Optional.empty(), secondSegment));
        assertEquals(ReplyCache.key("m", Optional.empty(), oneRow),
                ReplyCache.key("m", Optional.empty(), new EncoderInput(1, 4, ids.clone(), new long[4], new int[] {3})));
    }

    @Test
    void keepsAtMostItsSizeLeastRecentlyUsedFirstOutAndNoOversizedAnswer() {
        ReplyCache cache = new ReplyCache(16 * 1024);   // entries of at most 1 KB
        for (int i = 0; i < 100; i++) {
            cache.answer("m", Optional.empty(), batch(i), () -> vectorOf(100));   // 600 bytes each
        }
        assertTrue(cache.bytes() <= 16 * 1024, "bytes kept: " + cache.bytes());
        AtomicInteger computed = new AtomicInteger();
        cache.answer("m", Optional.empty(), batch(99), () -> { computed.incrementAndGet(); return vectorOf(100); });
        cache.answer("m", Optional.empty(), batch(0), () -> { computed.incrementAndGet(); return vectorOf(100); });
        assertEquals(1, computed.get(), "the newest is kept, the oldest was pushed out");

        cache.answer("m", Optional.empty(), batch(1000), () -> vectorOf(1000));   // 4.2 KB: more than a sixteenth
        cache.answer("m", Optional.empty(), batch(1000), () -> { computed.incrementAndGet(); return vectorOf(1000); });
        assertEquals(2, computed.get(), "an oversized answer is not kept");
    }

    @Test
    void sizeZeroKeepsNothing() {
        ReplyCache none = new ReplyCache(0);
        AtomicInteger computed = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            none.answer("m", Optional.empty(), batch(1), () -> { computed.incrementAndGet(); return vectorOf(1); });
        }
        assertEquals(2, computed.get());
        assertEquals(0, none.bytes());
    }
}
