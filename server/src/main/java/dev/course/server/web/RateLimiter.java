package dev.course.server.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per learner: bursts of cells are fine, a script hammering the kernel is not. One
 * learner's flood cannot starve the others of the machine's two cores. Public for the pages a
 * {@link CourseMode} serves (workshop mode limits wrong join codes per address with one).
 *
 * @param capacity     how many cells may run back to back
 * @param refillPerSec how many more each second
 */
public record RateLimiter(int capacity, double refillPerSec, Map<String, double[]> buckets) {

    static final int DEFAULT_CAPACITY = 20;
    static final double DEFAULT_REFILL_PER_SECOND = 5;

    public RateLimiter {
        if (capacity < 1 || refillPerSec <= 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and refill > 0");
        }
    }

    static RateLimiter defaults() {
        return new RateLimiter(DEFAULT_CAPACITY, DEFAULT_REFILL_PER_SECOND, new ConcurrentHashMap<>());
    }

    /** How many keys (learners, addresses) are remembered before full buckets are forgotten. */
    static final int MAX_KEYS = 10_000;

    /** Takes one token for this learner (or client address) if there is one. */
    public boolean tryAcquire(String learner) {
        if (buckets.size() >= MAX_KEYS) {
            forgetFullBuckets();
        }
        double[] bucket = buckets.computeIfAbsent(learner, k -> new double[]{capacity, System.nanoTime()});
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) / 1e9 * refillPerSec);
            bucket[1] = now;
            if (bucket[0] < 1) {
                return false;
            }
            bucket[0] -= 1;
            return true;
        }
    }

    /** Whether this key has a token left, without taking it. */
    public boolean hasToken(String key) {
        double[] bucket = buckets.get(key);
        if (bucket == null) {
            return true;
        }
        synchronized (bucket) {
            return bucket[0] + (System.nanoTime() - bucket[1]) / 1e9 * refillPerSec >= 1;
        }
    }

    /** Drops the buckets that have refilled: forgetting them changes nothing, and the map stays bounded. */
    private void forgetFullBuckets() {
        long now = System.nanoTime();
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                return bucket[0] + (now - bucket[1]) / 1e9 * refillPerSec >= capacity;
            }
        });
    }
}
