package dev.course.server.web;

import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.KernelSession;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may start another kernel: the pool caps kernels for the whole server; this caps them per
 * learner and per client address, so that one client cannot take every slot. A learner's kernel
 * for a lesson they already have is always theirs again; only a new one counts against the caps.
 *
 * <p>A classroom behind one NAT router reaches the server from one address, so workshop mode sizes
 * the per-address cap from the room (see {@code serve --max-kernels-per-address}).
 */
final class KernelQuota {

    static final int DEFAULT_PER_LEARNER = 6;
    static final int DEFAULT_PER_ADDRESS = 12;

    private final KernelPool pool;
    private final int perLearner;
    private final int perAddress;
    /** The client address that started each kernel still in the pool (pruned as kernels go). */
    private final Map<String, String> startedFrom = new ConcurrentHashMap<>();

    /**
     * @param perLearner kernels one learner may have at once (one per open lesson)
     * @param perAddress kernels all learners from one client address may have at once
     */
    KernelQuota(KernelPool pool, int perLearner, int perAddress) {
        if (perLearner < 1 || perAddress < 1) {
            throw new IllegalArgumentException("kernel caps must be at least 1, got " + perLearner + " per learner and "
                    + perAddress + " per address");
        }
        this.pool = pool;
        this.perLearner = perLearner;
        this.perAddress = perAddress;
    }

    /**
     * The learner's kernel for a lesson, started if they have none and the caps allow it.
     *
     * @throws IllegalStateException with a message for the page when a cap (or the pool's) is reached
     */
    synchronized KernelSession kernelFor(String learner, String lesson, String address, List<String> setupCode) {
        String key = key(learner, lesson);
        if (!pool.has(key)) {
            startedFrom.keySet().removeIf(k -> !pool.has(k));
            int ownKernels = pool.kernelsWithPrefix(learner + ":").size();
            if (ownKernels >= perLearner) {
                throw new IllegalStateException("you already have " + ownKernels + " kernels running (the most per learner);"
                        + " close another lesson's tab, or wait until an unused kernel is closed");
            }
            long fromAddress = startedFrom.values().stream().filter(address::equals).count();
            if (fromAddress >= perAddress) {
                throw new IllegalStateException("your network address already has " + fromAddress + " kernels running"
                        + " (the most per address); ask the operator to raise --max-kernels-per-address");
            }
        }
        KernelSession session = pool.kernelFor(key, setupCode);
        startedFrom.putIfAbsent(key, address);
        return session;
    }

    static String key(String learner, String lesson) {
        return learner + ":" + lesson;
    }
}
