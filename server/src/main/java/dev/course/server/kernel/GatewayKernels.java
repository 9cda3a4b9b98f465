package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.course.server.models.ModelService;
import dev.course.server.remote.JupyterServerClient;
import dev.course.server.remote.JupyterServerException;
import dev.course.server.remote.KernelModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Learners' kernels on a Jupyter Server, Jupyter Kernel Gateway or Enterprise Gateway: each is
 * created with {@code POST /api/kernels}, driven over its channels WebSocket ({@link GatewayKernel}),
 * interrupted and restarted through REST, and deleted when its session ends.
 *
 * <p>This server runs no learner code then, so it needs no sandbox: isolating kernels from each
 * other and from the network is the gateway's job (on Enterprise Gateway, the pod's limits and
 * network policy). The per-cell wall clock stays here. Every kernel this server creates is
 * remembered until it is deleted, so that {@link #close()} leaves nothing behind on the gateway.
 */
public final class GatewayKernels implements KernelHost {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayKernels.class);
    /** The kernelspec {@code ./course kernel install} writes. */
    public static final String DEFAULT_KERNEL = "course-java";
    /** Kernels being created at once: the gateway's machines do the work, but a burst still queues there. */
    private static final int CONCURRENT_STARTS = 8;
    /** How long deleting a kernel may hold up its caller (the gateway first asks the kernel to shut down). */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(30);
    /** Where REST calls that must outlive an interrupted caller run. */
    private static final ExecutorService REQUESTS = Executors.newVirtualThreadPerTaskExecutor();

    private final JupyterServerClient client;
    private final String kernelName;
    private final KernelLimits limits;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Semaphore starts = new Semaphore(CONCURRENT_STARTS, true);

    private GatewayKernels(JupyterServerClient client, String kernelName, KernelLimits limits) {
        this.client = client;
        this.kernelName = kernelName;
        this.limits = limits;
    }

    /**
     * Connects to a gateway and checks, before any learner arrives, that it answers, accepts the
     * token and has the kernelspec.
     *
     * @param url        the gateway's base URL, e.g. {@code http://gateway:8888/} (a base path is kept)
     * @param token      its token; empty for none
     * @param kernelName the kernelspec to start, {@link #DEFAULT_KERNEL} normally
     * @param limits     the cell wall clock and interrupt grace (the other limits are the gateway's to enforce)
     * @throws GatewayUnusableException with what to do, when any check fails
     */
    public static GatewayKernels connect(String url, String token, String kernelName, KernelLimits limits)
            throws GatewayUnusableException {
        URI base = parse(url);
        JupyterServerClient client = new JupyterServerClient(base, token);
        Set<String> specs;
        try {
            specs = client.kernelspecs();
        } catch (JupyterServerException e) {
            throw new GatewayUnusableException(switch (e.status()) {
                case 401, 403 -> "the gateway at " + base + " refused " + (token.isEmpty() ? "a request without a token" : "the token")
                        + " (HTTP " + e.status() + "). Pass the token the gateway was started with: "
                        + "--gateway-token TOKEN, or the environment variable COURSE_GATEWAY_TOKEN.";
                case 404 -> base + " has no Jupyter kernel API (GET api/kernelspecs: HTTP 404). Check the URL: it should be the "
                        + "address of a Jupyter Server or Kernel/Enterprise Gateway, including its base path if it has one.";
                default -> "the gateway at " + base + " answered GET api/kernelspecs with HTTP " + e.status()
                        + "; check its log. " + e.getMessage();
            });
        } catch (JsonProcessingException e) {
            throw new GatewayUnusableException(base + " answered, but not like a Jupyter kernel API (GET api/kernelspecs "
                    + "is not JSON). Check the URL: it should be a Jupyter Server or Kernel/Enterprise Gateway.");
        } catch (IOException e) {
            throw new GatewayUnusableException("cannot reach the gateway at " + base + " (" + reason(e) + "). Check that it "
                    + "is running and that the URL's scheme, host, port and base path are right, e.g. --gateway http://gateway-host:8888/");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnusableException("interrupted while checking the gateway at " + base);
        }
        if (!specs.contains(kernelName)) {
            throw new GatewayUnusableException("the gateway at " + base + " has no kernelspec '" + kernelName + "' (it has: "
                    + (specs.isEmpty() ? "none" : String.join(", ", specs)) + "). Install it on the gateway host with "
                    + "`./course kernel install` (run there, from this course), or name another with --gateway-kernel NAME.");
        }
        return new GatewayKernels(client, kernelName, limits);
    }

    private static URI parse(String url) throws GatewayUnusableException {
        try {
            URI uri = URI.create(url);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new GatewayUnusableException("--gateway needs the gateway's http:// or https:// URL, e.g. http://gateway-host:8888/ (got '"
                    + url + "')");
        }
    }

    private static String reason(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (e instanceof ConnectException || cause instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** {@code POST /api/kernels} with our kernelspec, then the kernel's channels socket. */
    @Override
    public GatewayKernel start(String name, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) throws IOException {
        KernelModel model = create();
        created.add(model.id());
        LOG.debug("gateway kernel {} started for {}", model.id(), name);
        try {
            return GatewayKernel.connect(this, model.id(), onMessage, onExit);
        } catch (IOException e) {
            delete(model.id());
            throw e;
        }
    }

    /**
     * The POST itself, on its own thread: a caller that is interrupted (the server closing while a
     * warm kernel starts) stops waiting, but the gateway still creates the kernel, which is then
     * deleted as soon as it exists instead of being left behind.
     */
    private KernelModel create() throws IOException {
        CompletableFuture<KernelModel> request = CompletableFuture.supplyAsync(() -> {
            try {
                return client.start(kernelName);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        }, REQUESTS);
        try {
            return request.get();
        } catch (InterruptedException e) {
            request.thenAccept(late -> {
                created.add(late.id());
                delete(late.id());
            });
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a kernel on the gateway", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
            if (cause instanceof JupyterServerException refused) {
                throw new IOException("the gateway did not start a '" + kernelName + "' kernel: " + refused.getMessage(), refused);
            }
            if (cause instanceof IOException unreachable) {
                throw new IOException("the gateway at " + client.base() + " could not be reached to start a kernel ("
                        + reason(unreachable) + ")", unreachable);
            }
            throw new IOException("starting a kernel on the gateway failed: " + cause, cause);
        }
    }

    /**
     * A gateway restarts a kernel that exited, and our REST restart keeps its id: the next life is
     * the same kernel on a new socket. A kernel that is dead for good is deleted here.
     */
    @Override
    public Optional<Kernel> successor(Kernel dead, Consumer<JsonNode> onMessage, Consumer<Kernel> onExit) throws IOException {
        if (!(dead instanceof GatewayKernel gone)) {
            return Optional.empty();
        }
        if (gone.restartedInPlace() && created.contains(gone.id())) {
            try {
                return Optional.of(GatewayKernel.connect(this, gone.id(), onMessage, onExit));
            } catch (IOException e) {
                LOG.warn("could not reconnect to restarted gateway kernel {}: {}", gone.id(), e.getMessage());
            }
        }
        delete(gone.id());
        return Optional.empty();
    }

    /** REST interrupt; a failure is only logged, since the wall clock restarts a cell that keeps running. */
    void interrupt(String id) {
        try {
            client.interrupt(id);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not interrupt gateway kernel {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** REST restart; true once the gateway says the kernel runs again. */
    boolean restart(String id) {
        try {
            client.restart(id);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not restart gateway kernel {}: {}", id, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code DELETE /api/kernels/{id}}; a kernel the gateway no longer knows counts as deleted. The
     * request runs to its end (at most {@link #DELETE_WAIT}) even if the caller is interrupted, as
     * threads are when the server shuts down, so that no kernel is left behind on the gateway.
     */
    void delete(String id) {
        if (!created.contains(id)) {
            return;
        }
        Future<?> request = REQUESTS.submit(() -> deleteNow(id));
        boolean interrupted = false;
        long deadline = System.nanoTime() + DELETE_WAIT.toNanos();
        while (!request.isDone() && System.nanoTime() < deadline) {
            try {
                request.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteNow(String id) {
        try {
            client.delete(id);
            created.remove(id);
        } catch (JupyterServerException e) {
            if (e.status() == 404) {
                created.remove(id);
            } else {
                LOG.warn("could not delete gateway kernel {}: {}", id, e.getMessage());
            }
        } catch (IOException e) {
            LOG.warn("could not delete gateway kernel {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    JupyterServerClient client() {
        return client;
    }

    /** The ids of the kernels this server created on the gateway and has not deleted. */
    public Set<String> kernelIds() {
        return Set.copyOf(created);
    }

    @Override
    public KernelLimits limits() {
        return limits;
    }

    /** None: kernels on a gateway are started without the model-service flag and load their models themselves. */
    @Override
    public ModelService modelService() {
        return null;
    }

    @Override
    public String describe() {
        return "remote: kernels run on the Jupyter gateway at " + client.base() + " (kernelspec " + kernelName
                + "); isolating them is the gateway's job, this server runs no learner code";
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public boolean sandboxed() {
        return false;
    }

    /** Unknown here: the kernel API says nothing of a kernel's memory. */
    @Override
    public OptionalInt memoryLimitMegabytes() {
        return OptionalInt.empty();
    }

    @Override
    public Semaphore startPermits() {
        return starts;
    }

    /** Deletes every kernel this server created on the gateway and has not deleted yet. */
    @Override
    public void close() {
        List<String> left = List.copyOf(created);
        if (!left.isEmpty()) {
            LOG.info("deleting {} kernel(s) this server started on the gateway", left.size());
        }
        left.parallelStream().forEach(this::delete);
    }
}
