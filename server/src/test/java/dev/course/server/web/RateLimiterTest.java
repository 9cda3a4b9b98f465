package dev.course.server.web;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits per learner or address (issue 12 Medium 8), and per-learner state that stays bounded (Low). */
class RateLimiterTest {

    @Test
    void aBurstIsAllowedAndAFloodIsNot() {
        RateLimiter limiter = new RateLimiter(3, 0.001, new ConcurrentHashMap<>());
        assertTrue(limiter.tryAcquire("a") && limiter.tryAcquire("a") && limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"), "the fourth at once is refused");
        assertFalse(limiter.hasToken("a"));
        assertTrue(limiter.tryAcquire("b"), "another learner has their own bucket");
    }

    @Test
    void manyKeysDoNotGrowTheMapPastItsBound() throws InterruptedException {
        ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();
        RateLimiter limiter = new RateLimiter(1, 1e9, buckets); // a bucket is full again a nanosecond later
        for (int i = 0; i < 3 * RateLimiter.MAX_KEYS; i++) {
            limiter.tryAcquire("key-" + i);
            if (i % 1000 == 0) {
                Thread.sleep(1);
            }
        }
        assertTrue(buckets.size() <= RateLimiter.MAX_KEYS + 1, "full buckets are forgotten: " + buckets.size());
    }
}
