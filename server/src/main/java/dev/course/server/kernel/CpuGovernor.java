package dev.course.server.kernel;

import dev.course.server.sandbox.Cgroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps one learner's CPU-hungry kernel from slowing everybody else's cells: every
 * {@link #DEFAULT_INTERVAL} it reads each local kernel's CPU time from its cgroup, lets a
 * {@link CpuWatch} decide from that and from whether a cell runs what the kernel deserves, and writes
 * the answer to the cgroup: every kernel's weight and quota ({@link CpuWatch.Level#NORMAL}), a
 * {@link #LOW_WEIGHT} for a long cell, the low weight and a small quota for CPU burned while no cell
 * runs (a background thread left looping). A new cell restores its kernel before it is sent
 * ({@link #cellStarting}).
 *
 * <p>Why both: a cgroup's weight only counts against its siblings and only when the CPU is
 * contended, and the kernel JVM's own JIT and collector threads are in the group too; the quota is
 * the one limit that also holds on an idle core. The server's own threads (the web server, the
 * model service) are outside every kernel's group and are not governed.
 *
 * <p>It only reads and writes cgroup files, which never block: it never touches a kernel's pipe,
 * and one slow round only delays the next. Kernels without a cgroup (none on this machine, or on a
 * gateway) are left alone.
 */
public final class CpuGovernor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CpuGovernor.class);
    /** How often kernels' CPU time is read: short beside the {@link CpuWatch.Settings} windows. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    /**
     * The weight of a demoted kernel on cgroup v2's scale, its smallest ({@link Cgroup#sharesV1} makes
     * it {@code cpu.shares} 10 on v1), beside every other kernel's {@link Cgroup#CPU_WEIGHT}: under
     * contention it gets about a hundredth of what an interactive kernel gets.
     */
    public static final int LOW_WEIGHT = 1;

    private final Supplier<? extends Collection<KernelSession>> sessions;
    private final CpuWatch.Settings settings;
    private final int normalPercent;
    private final Map<Cgroup, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** One kernel's watch and the level last written to its group. */
    private static final class Watched {
        final CpuWatch watch;
        CpuWatch.Level written = CpuWatch.Level.NORMAL;

        Watched(CpuWatch watch) {
            this.watch = watch;
        }
    }

    /**
     * Starts governing, every {@link #DEFAULT_INTERVAL}.
     *
     * @param sessions      the sessions to govern now (the pool's)
     * @param normalPercent every kernel's quota ({@code KernelLimits.cpuPercent()}), which a demoted
     *                      kernel keeps for a long cell and gets back when restored
     */
    public static CpuGovernor start(Supplier<? extends Collection<KernelSession>> sessions, int normalPercent) {
        CpuGovernor governor = new CpuGovernor(sessions, CpuWatch.Settings.defaults(), normalPercent);
        LOG.debug("CPU governor: every {}, {}", DEFAULT_INTERVAL, governor.settings);
        return governor;
    }

    private CpuGovernor(Supplier<? extends Collection<KernelSession>> sessions, CpuWatch.Settings settings, int normalPercent) {
        if (normalPercent < 1) {
            throw new IllegalArgumentException("normalPercent must be positive, got " + normalPercent);
        }
        this.sessions = sessions;
        this.settings = settings;
        this.normalPercent = normalPercent;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cpu-governor").factory());
        long every = DEFAULT_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(this::tickSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A cell of this session is about to be sent: its kernel gets its full share back first, so
     * that a learner is never slowed for what an earlier cell left running. Called on the session's
     * thread; only writes cgroup files.
     */
    public void cellStarting(KernelSession session) {
        Cgroup group = session.cgroup();
        if (group == null) {
            return;
        }
        Watched kernel = watch(group);
        if (kernel == null) {
            return;
        }
        synchronized (kernel) {
            apply(group, kernel, kernel.watch.cellStarted(), session);
        }
    }

    /**
     * A cell (or the lesson's setup code) of this session has just finished: the CPU its kernel used
     * up to now is the cell's, what it uses from now on is done while no cell runs. Without this
     * reading the round after a cell would count the cell's own CPU as burning while idle, and a
     * kernel whose JIT works on after a short cell could be throttled before its window is over.
     * Called on the session's thread; reads one cgroup file.
     */
    public void cellEnded(KernelSession session) {
        Cgroup group = session.cgroup();
        if (group == null) {
            return;
        }
        Watched kernel = watched.get(group);
        long usage = group.cpuUsageNanos();
        if (kernel == null || usage < 0) {
            return;
        }
        synchronized (kernel) {
            apply(group, kernel, kernel.watch.observe(System.nanoTime(), usage, true), session);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("CPU governor round failed; trying again in {}", DEFAULT_INTERVAL, e);
        }
    }

    /** One round: every session's kernel read, decided and written. */
    private void tick() {
        Set<Cgroup> seen = ConcurrentHashMap.newKeySet();
        for (KernelSession session : sessions.get()) {
            Cgroup group = session.cgroup();
            if (group == null) {
                continue;
            }
            seen.add(group);
            Watched kernel = watch(group);
            if (kernel == null) {
                continue;
            }
            long usage = group.cpuUsageNanos();
            if (usage < 0) {
                continue; // the kernel is gone: its group with it
            }
            synchronized (kernel) {
                apply(group, kernel, kernel.watch.observe(System.nanoTime(), usage, session.working()), session);
            }
        }
        watched.keySet().retainAll(seen); // kernels that died or were closed
    }

    /** The watch of a group, made on first sight; null when its CPU time cannot be read. */
    private Watched watch(Cgroup group) {
        Watched kernel = watched.get(group);
        if (kernel != null) {
            return kernel;
        }
        long usage = group.cpuUsageNanos();
        if (usage < 0) {
            return null;
        }
        return watched.computeIfAbsent(group, g -> new Watched(new CpuWatch(settings, System.nanoTime(), usage)));
    }

    private void apply(Cgroup group, Watched kernel, CpuWatch.Level level, KernelSession session) {
        if (level == kernel.written) {
            return;
        }
        try {
            switch (level) {
                case NORMAL -> group.setCpu(Cgroup.CPU_WEIGHT, normalPercent);
                case BACKGROUND -> group.setCpu(LOW_WEIGHT, normalPercent);
                case THROTTLED -> group.setCpu(LOW_WEIGHT, Math.min(normalPercent, settings.throttledPercent()));
            }
            LOG.info("kernel {}: CPU {} ({})", session.id(), level.name().toLowerCase(java.util.Locale.ROOT), switch (level) {
                case NORMAL -> "a new cell";
                case BACKGROUND -> "a cell used more than " + settings.cellCpuBudget().toSeconds() + " s of CPU";
                case THROTTLED -> "CPU used while no cell runs, held to " + Math.min(normalPercent, settings.throttledPercent())
                        + "% of a core";
            });
            kernel.written = level;
        } catch (IOException e) {
            LOG.debug("kernel {}: CPU level {} not written: {}", session.id(), level, e.getMessage()); // gone meanwhile
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
