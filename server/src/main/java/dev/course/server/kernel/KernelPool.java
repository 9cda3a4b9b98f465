package dev.course.server.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's kernels, one per learner and lesson (like one kernel per notebook), with an upper
 * bound on how many run at once and culling of kernels nobody has used for a while.
 */
public final class KernelPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelPool.class);
    public static final int DEFAULT_MAX_KERNELS = 64;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    private final KernelLauncher launcher;
    private final int maxKernels;
    private final Duration idleTimeout;
    private final Map<String, Entry> kernels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService culler;
    private final AtomicLong counter = new AtomicLong();

    private static final class Entry {
        final KernelSession session;
        volatile Instant lastUsed = Instant.now();

        Entry(KernelSession session) {
            this.session = session;
        }
    }

    public KernelPool(KernelLauncher launcher, int maxKernels, Duration idleTimeout) {
        if (maxKernels < 1) {
            throw new IllegalArgumentException("maxKernels must be at least 1");
        }
        this.launcher = launcher;
        this.maxKernels = maxKernels;
        this.idleTimeout = idleTimeout;
        this.culler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kernel-culler").factory());
        long every = Math.max(1, idleTimeout.toSeconds() / 4);
        culler.scheduleWithFixedDelay(this::cullIdle, every, every, TimeUnit.SECONDS);
    }

    /**
     * The kernel for a learner's lesson, started (in the background) if there is none yet.
     *
     * @param key       learner and lesson, e.g. {@code 3f9a…:foundations/vectors}
     * @param setupCode the lesson's setup cells, run after every start
     * @throws IllegalStateException when the server already runs as many kernels as it may
     */
    public KernelSession kernelFor(String key, List<String> setupCode) {
        Entry entry = kernels.computeIfAbsent(key, k -> {
            if (kernels.size() >= maxKernels) {
                throw new IllegalStateException("the server is running its maximum of " + maxKernels
                        + " kernels; close another lesson tab or ask the operator to raise --max-kernels");
            }
            KernelSession session = new KernelSession("k" + counter.incrementAndGet(), launcher, setupCode);
            session.warmUp();
            return new Entry(session);
        });
        entry.lastUsed = Instant.now();
        return entry.session;
    }

    /** Marks a kernel as used now, so it is not culled. */
    public void touch(String key) {
        Entry entry = kernels.get(key);
        if (entry != null) {
            entry.lastUsed = Instant.now();
        }
    }

    /** The kernels whose key starts with a prefix (a learner's id and ':'), e.g. for a workshop dashboard. */
    public java.util.List<KernelSession> kernelsWithPrefix(String prefix) {
        return kernels.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().session).toList();
    }

    public int size() {
        return kernels.size();
    }

    public KernelLauncher launcher() {
        return launcher;
    }

    private void cullIdle() {
        Instant cutoff = Instant.now().minus(idleTimeout);
        kernels.forEach((key, entry) -> {
            if (entry.lastUsed.isBefore(cutoff) && entry.session.state() != KernelSession.State.BUSY) {
                if (kernels.remove(key, entry)) {
                    LOG.info("closing idle kernel {}", key);
                    entry.session.close();
                }
            }
        });
    }

    @Override
    public void close() {
        culler.shutdownNow();
        kernels.values().parallelStream().forEach(entry -> entry.session.close());
        kernels.clear();
    }
}
