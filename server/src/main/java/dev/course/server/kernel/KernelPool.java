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
 *
 * <p>New sessions take an already started kernel from a {@link WarmKernels} pool when one is
 * ready, so a learner's first cell does not wait for a JVM to start. Closing a session (idle, or
 * the pool closing) ends its kernel: a local process exits, a gateway kernel is deleted.
 */
public final class KernelPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelPool.class);
    public static final int DEFAULT_MAX_KERNELS = 64;
    public static final int DEFAULT_IDLE_MINUTES = 30;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(DEFAULT_IDLE_MINUTES);

    private final KernelHost host;
    private final int maxKernels;
    private final Duration idleTimeout;
    private final Map<String, Entry> kernels = new ConcurrentHashMap<>();
    private final ScheduledExecutorService culler;
    private final AtomicLong counter = new AtomicLong();
    private final WarmKernels warm;
    /** Lowers the CPU share of kernels that burn it while nobody waits; null without local cgroups, or when turned off. */
    private final CpuGovernor governor;

    private static final class Entry {
        final KernelSession session;
        volatile Instant lastUsed = Instant.now();

        Entry(KernelSession session) {
            this.session = session;
        }
    }

    /** A pool without warm kernels: every session starts its own. */
    public KernelPool(KernelHost host, int maxKernels, Duration idleTimeout) {
        this(host, maxKernels, idleTimeout, 0);
    }

    /**
     * @param host        starts kernels (on this machine or a gateway); the pool closes it when it closes
     * @param maxKernels  the most kernels at once, learners' and warm ones together
     * @param idleTimeout a kernel unused this long is closed
     * @param warmKernels how many started kernels to keep ready for new sessions (0 for none)
     */
    public KernelPool(KernelHost host, int maxKernels, Duration idleTimeout, int warmKernels) {
        this(host, maxKernels, idleTimeout, warmKernels, true);
    }

    /**
     * @param governCpu whether a {@link CpuGovernor} lowers the CPU share of kernels that burn it while
     *                  no cell runs or in a long cell (only for kernels on this machine with cgroups);
     *                  off only to measure what it does ({@code bench workshop --cpu-governor off})
     */
    public KernelPool(KernelHost host, int maxKernels, Duration idleTimeout, int warmKernels, boolean governCpu) {
        if (maxKernels < 1) {
            throw new IllegalArgumentException("maxKernels must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        this.host = host;
        this.maxKernels = maxKernels;
        this.warm = warmKernels > 0 ? new WarmKernels(host, Math.min(warmKernels, maxKernels), this::roomForAnotherKernel) : null;
        this.idleTimeout = idleTimeout;
        this.culler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kernel-culler").factory());
        long every = Math.max(1, idleTimeout.toSeconds() / 4);
        culler.scheduleWithFixedDelay(this::cullIdle, every, every, TimeUnit.SECONDS);
        this.governor = governCpu && host instanceof KernelLauncher local && local.sandbox().cgroups()
                ? CpuGovernor.start(() -> kernels.values().stream().map(entry -> entry.session).toList(), host.limits().cpuPercent())
                : null;
        LOG.debug("kernel pool: at most {} kernels, idle after {}, {} warm", maxKernels, idleTimeout, warmKernels);
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
            KernelSession session = new KernelSession("k" + counter.incrementAndGet(), host, setupCode, warm);
            if (governor != null) {
                session.onState(state -> {
                    if (state == KernelSession.State.BUSY) {
                        governor.cellStarting(session); // before the cell is sent
                    } else if (state == KernelSession.State.IDLE) {
                        governor.cellEnded(session);    // a cell or the setup code is over
                    }
                });
            }
            session.warmUp();
            return new Entry(session);
        });
        entry.lastUsed = Instant.now();
        return entry.session;
    }

    /** Whether one more kernel (a warm one) fits under {@link #maxKernels}. */
    private boolean roomForAnotherKernel() {
        return kernels.size() + (warm == null ? 0 : warm.readyOrStarting()) < maxKernels;
    }

    /** Whether a kernel for this key is running (or starting). */
    public boolean has(String key) {
        return kernels.containsKey(key);
    }

    /** Marks a kernel as used now, so it is not culled. */
    public void touch(String key) {
        Entry entry = kernels.get(key);
        if (entry != null) {
            entry.lastUsed = Instant.now();
        }
    }

    /** Closes a learner's kernel now (the tab was closed for good, or a test is done with it). */
    public void release(String key) {
        Entry entry = kernels.remove(key);
        if (entry != null) {
            entry.session.close();
        }
    }

    /** How many warm kernels are ready now (0 without a warm pool). */
    public int warmReady() {
        return warm == null ? 0 : warm.readyCount();
    }

    /** The kernels whose key starts with a prefix (a learner's id and ':'), e.g. for a workshop dashboard. */
    public java.util.List<KernelSession> kernelsWithPrefix(String prefix) {
        return kernels.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().session).toList();
    }

    public int size() {
        return kernels.size();
    }

    /** Where the pool's kernels run. */
    public KernelHost host() {
        return host;
    }

    private void cullIdle() {
        Instant cutoff = Instant.now().minus(idleTimeout);
        kernels.forEach((key, entry) -> {
            if (entry.lastUsed.isBefore(cutoff) && entry.session.state() != KernelSession.State.BUSY) {
                if (kernels.remove(key, entry)) {
                    LOG.info("closing idle kernel {}", dev.course.server.progress.LearnerIds.redactKey(key));
                    entry.session.close();
                }
            }
        });
    }

    @Override
    public void close() {
        culler.shutdownNow();
        if (governor != null) {
            governor.close();
        }
        if (warm != null) {
            warm.close();
        }
        kernels.values().parallelStream().forEach(entry -> entry.session.close());
        kernels.clear();
        host.close();
    }
}
