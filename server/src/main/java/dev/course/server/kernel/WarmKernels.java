package dev.course.server.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A few kernels started ahead of need, so that a learner who opens a lesson gets one at once.
 *
 * <p>Starting a sandboxed kernel JVM and its JShell takes a second or two (a pod on a gateway
 * cluster, longer); handing over a kernel that is already up takes a few milliseconds. Every kernel here is started exactly as any other
 * (same sandbox, same limits, its own cgroup) and has answered {@code kernel_info}, so it is ready
 * for cells. It belongs to nobody until {@link #take()} hands it out, and knows nothing of any
 * learner: the lesson's setup code runs only after that. Each kernel taken is replaced in the
 * background, one start at a time so the pool never competes with learners for the CPU for long,
 * and only while the server may run another kernel: a pool sized for a whole room (an instructor
 * starting the server with {@code --warm-kernels 40} before class) stops refilling once the room
 * has taken its kernels, instead of starting a second room's worth.
 */
public final class WarmKernels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WarmKernels.class);
    /** How many kernels wait ready by default. */
    public static final int DEFAULT_SIZE = 2;
    /** After a failed start, how long before trying again. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private final KernelHost host;
    private final int size;
    private final BooleanSupplier mayStartAnother;
    private final BlockingDeque<KernelHandle> ready = new LinkedBlockingDeque<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("warm-kernels").factory());
    private volatile boolean closed;

    /** A pool that always refills to {@code size}. */
    public WarmKernels(KernelHost host, int size) {
        this(host, size, () -> true);
    }

    /**
     * @param host            starts the kernels (on this machine or a gateway)
     * @param size            how many to keep ready (0 turns the pool off)
     * @param mayStartAnother asked before each start: whether the server has room for one more kernel
     */
    public WarmKernels(KernelHost host, int size, BooleanSupplier mayStartAnother) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.host = host;
        this.size = size;
        this.mayStartAnother = mayStartAnother;
        refill();
    }

    /** Kernels ready or being started: what the pool adds to the server's count of kernels. */
    public int readyOrStarting() {
        return ready.size() + starting.get();
    }

    /** A ready kernel, if one is waiting; a replacement starts in the background either way. */
    public Optional<KernelHandle> take() {
        KernelHandle handle;
        while ((handle = ready.pollFirst()) != null) {
            if (handle.isAlive()) {
                break;
            }
            handle.kernel().shutdown(); // a dead local process needs nothing; a gateway may still hold it
        }
        refill();
        return Optional.ofNullable(handle);
    }

    /** How many kernels are ready now. */
    public int readyCount() {
        return (int) ready.stream().filter(KernelHandle::isAlive).count();
    }

    public int size() {
        return size;
    }

    /** Starts kernels until {@link #size} are ready or starting, or the server has no room for more. */
    private void refill() {
        while (!closed && ready.size() + starting.get() < size && mayStartAnother.getAsBoolean()) {
            starting.incrementAndGet();
            try {
                starter.execute(this::startOne);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                starting.decrementAndGet();
                return;
            }
        }
    }

    private void startOne() {
        try {
            KernelHandle handle = KernelHandle.launch(host, "warm" + counter.incrementAndGet());
            handle.awaitReady(KernelSession.START_TIMEOUT);
            if (closed) {
                handle.kernel().shutdown();
            } else {
                ready.addLast(handle);
            }
        } catch (IOException e) {
            if (closed) {
                return; // interrupted by close(): nothing went wrong
            }
            LOG.warn("could not start a warm kernel: {}", e.getMessage());
            sleep(RETRY_DELAY);
        } finally {
            starting.decrementAndGet();
        }
        refill();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        KernelHandle handle;
        while ((handle = ready.pollFirst()) != null) {
            handle.kernel().shutdown();
        }
    }
}
