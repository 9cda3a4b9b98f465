package dev.course.kernel.dependencies;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves Maven coordinates to jars, with their runtime dependencies, as Maven itself would: with
 * Maven's resolver library ({@code maven-resolver-supplier-mvn3}), the local repository first, then
 * the remote repositories, nearest version wins.
 *
 * <p>Every resolution has a deadline ({@link Settings#deadline()}) and single requests have connect
 * and request timeouts; an interrupt of the cell ends it too. The work runs on a thread of its own
 * so the cell's thread can give up waiting; each artifact resolved is reported as one progress line.
 *
 * <p>A process without a network (the course server's sandbox, see {@link NetworkCheck}) resolves
 * offline from the local repository, and the error says that there is no network and what is
 * missing.
 */
public final class MavenResolver implements AutoCloseable {

    /**
     * Where to look and how long to wait.
     *
     * @param localRepository the local repository, {@code ~/.m2/repository} by default
     * @param repositories    the remote repositories, Maven Central by default
     * @param deadline        longest a whole resolution may take
     * @param connectTimeout  longest one connection may take to open
     * @param requestTimeout  longest one request may go without data
     */
    public record Settings(Path localRepository, List<Repository> repositories, Duration deadline,
            Duration connectTimeout, Duration requestTimeout) {

        public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

        public Settings {
            repositories = List.copyOf(repositories);
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("the deadline must be positive: " + deadline);
            }
        }

        /**
         * The kernel's settings: system properties {@code course.kernel.mavenLocal} (else
         * {@code maven.repo.local}, else {@code ~/.m2/repository}), {@code course.kernel.mavenRepositories}
         * ({@code id=url,...}, else Maven Central) and {@code course.kernel.mavenTimeoutSeconds}.
         */
        public static Settings fromSystemProperties() {
            String local = System.getProperty("course.kernel.mavenLocal",
                    System.getProperty("maven.repo.local",
                            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
            String remotes = System.getProperty("course.kernel.mavenRepositories", "");
            long seconds = Long.getLong("course.kernel.mavenTimeoutSeconds", DEFAULT_DEADLINE.toSeconds());
            return new Settings(Path.of(local).toAbsolutePath(),
                    remotes.isBlank() ? List.of(Repository.CENTRAL) : Repository.parseList(remotes),
                    Duration.ofSeconds(Math.max(1, seconds)), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
        }
    }

    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    /** How often the waiting thread looks for an interrupt. */
    private static final long POLL_MILLIS = 100;
    /** How long {@link #close} waits for a resolution that missed its deadline to stop. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Settings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            runnable -> Thread.ofPlatform().daemon().name("maven-resolver").unstarted(runnable));
    private RepositorySystem system;

    public MavenResolver(Settings settings) {
        this.settings = settings;
        // The resolver logs through SLF4J; with no provider, SLF4J would warn into the first cell's output.
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Resolves coordinates with their runtime dependencies.
     *
     * @param coordinates  {@code groupId:artifactId[:extension[:classifier]]:version}, each
     * @param extraRepositories repositories to search after the configured ones
     * @param offline      use only the local repository
     * @param progress     gets one line per artifact resolved, from the resolver's threads
     * @param cancelled    polled while waiting: true ends the resolution (the cell was interrupted)
     * @return the jars, dependencies after what needs them, each once
     */
    public List<Path> resolve(List<String> coordinates, List<Repository> extraRepositories, boolean offline,
            Consumer<String> progress, BooleanSupplier cancelled) throws ResolutionException {
        List<Dependency> dependencies = new ArrayList<>();
        for (String coordinate : coordinates) {
            dependencies.add(new Dependency(artifact(coordinate), "runtime"));
        }
        boolean noNetwork = !offline && !NetworkCheck.hasNetwork();
        boolean goOffline = offline || noNetwork;
        List<Repository> repositories = new ArrayList<>(settings.repositories());
        repositories.addAll(extraRepositories);
        Future<List<Path>> work = worker.submit(() -> resolveNow(dependencies, repositories, goOffline, progress));
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        try {
            while (true) {
                try {
                    return work.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (cancelled.getAsBoolean()) {
                        work.cancel(true);
                        throw new ResolutionException("interrupted while resolving " + String.join(" ", coordinates));
                    }
                    if (System.nanoTime() - deadline > 0) {
                        work.cancel(true);
                        throw new ResolutionException("gave up after " + settings.deadline().toSeconds()
                                + " s resolving " + String.join(" ", coordinates)
                                + " (-Dcourse.kernel.mavenTimeoutSeconds gives more time)");
                    }
                }
            }
        } catch (InterruptedException e) {
            work.cancel(true);
            Thread.currentThread().interrupt();
            throw new ResolutionException("interrupted while resolving " + String.join(" ", coordinates));
        } catch (ExecutionException e) {
            throw new ResolutionException(explain(e.getCause(), goOffline, noNetwork, repositories));
        }
    }

    private List<Path> resolveNow(List<Dependency> dependencies, List<Repository> repositories, boolean offline,
            Consumer<String> progress) throws DependencyResolutionException {
        RepositorySystem repositorySystem = system();
        try (CloseableSession session = new SessionBuilderSupplier(repositorySystem).get()
                .withLocalRepositoryBaseDirectories(settings.localRepository())
                .setOffline(offline)
                .setSystemProperties(System.getProperties())
                .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, (int) settings.connectTimeout().toMillis())
                .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, (int) settings.requestTimeout().toMillis())
                .setRepositoryListener(new ProgressLines(progress))
                .build()) {
            List<RemoteRepository> remotes = repositories.stream()
                    .map(repository -> new RemoteRepository.Builder(repository.id(), "default", repository.url()).build())
                    .toList();
            CollectRequest collect = new CollectRequest(dependencies, List.of(), remotes);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<ArtifactResult> results = repositorySystem.resolveDependencies(session, request).getArtifactResults();
            Set<Path> jars = new LinkedHashSet<>();
            for (ArtifactResult result : results) {
                jars.add(result.getArtifact().getPath());
            }
            return List.copyOf(jars);
        }
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    private static Artifact artifact(String coordinate) throws ResolutionException {
        try {
            return new DefaultArtifact(coordinate);
        } catch (IllegalArgumentException e) {
            throw new ResolutionException("not Maven coordinates: " + coordinate
                    + " (write groupId:artifactId:version, such as org.apache.commons:commons-math3:3.6.1)");
        }
    }

    /** One line saying what was missing, where it was looked for, and why it could not be fetched. */
    private String explain(Throwable failure, boolean offline, boolean noNetwork, List<Repository> repositories) {
        Set<String> missing = new LinkedHashSet<>();
        collectMissing(failure, missing);
        String what = missing.isEmpty() ? rootMessage(failure) : String.join(", ", missing);
        String local = "the local repository " + settings.localRepository();
        if (noNetwork) {
            return "this kernel has no network (the course server runs kernels in a sandbox without one), so %maven can "
                    + "only use what " + local + " already holds, and it lacks " + what
                    + "; fetch them on the host (mvn dependency:get -Dartifact=G:A:V) or use the kernel in Jupyter";
        }
        if (offline) {
            return "offline, and " + local + " lacks " + what;
        }
        Throwable unreachable = networkCause(failure);
        if (unreachable != null) {
            return repositories.stream().map(Repository::id).collect(Collectors.joining(", "))
                    + " cannot be reached (" + unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage()
                    + ") and " + local + " lacks " + what + "; %maven --offline uses only the local repository";
        }
        return "could not resolve " + what + " from " + local + " or "
                + repositories.stream().map(Repository::url).collect(Collectors.joining(", "))
                + (missing.isEmpty() ? "" : ": " + rootMessage(failure));
    }

    private static void collectMissing(Throwable failure, Set<String> missing) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DependencyResolutionException resolution && resolution.getResult() != null) {
                resolution.getResult().getArtifactResults().stream()
                        .filter(result -> !result.isResolved())
                        .forEach(result -> missing.add(coordinates(result.getRequest().getArtifact())));
            }
            if (cause instanceof ArtifactResolutionException resolution) {
                resolution.getResults().stream()
                        .filter(result -> !result.isResolved())
                        .forEach(result -> missing.add(coordinates(result.getRequest().getArtifact())));
            }
            if (cause instanceof ArtifactDescriptorException descriptor && descriptor.getResult() != null) {
                missing.add(coordinates(descriptor.getResult().getRequest().getArtifact()));
            }
        }
    }

    private static Throwable networkCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException || cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return cause;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    static String coordinates(Artifact artifact) {
        return artifact.getGroupId() + ":" + artifact.getArtifactId()
                + (artifact.getClassifier().isEmpty() ? "" : ":" + artifact.getClassifier())
                + ":" + artifact.getVersion();
    }

    private static long kilobytes(Path file) {
        try {
            return (java.nio.file.Files.size(file) + 1023) / 1024;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /**
     * Ends the resolver. A resolution that gave up at its deadline may still be blocked in a request
     * that ignores interrupts (its socket's own request timeout ends it); the repository system refuses
     * to shut down under an open session, so it is shut down only when its worker has stopped within
     * {@link #CLOSE_WAIT}. Otherwise the worker's daemon thread ends with its request, or with the kernel.
     */
    @Override
    public synchronized void close() {
        worker.shutdownNow();
        boolean idle;
        try {
            idle = worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (system != null && idle) {
            system.shutdown();
        }
    }

    /**
     * One progress line per jar (or other non-POM artifact) resolved, saying whether it was downloaded
     * now or was in the local repository already.
     */
    private static final class ProgressLines extends AbstractRepositoryListener {

        private final Consumer<String> progress;
        private final Set<String> downloaded = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ProgressLines(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void artifactDownloaded(RepositoryEvent event) {
            if (event.getArtifact() != null && event.getException() == null) {
                downloaded.add(event.getArtifact().toString());
            }
        }

        @Override
        public void artifactResolved(RepositoryEvent event) {
            Artifact artifact = event.getArtifact();
            if (artifact == null || "pom".equals(artifact.getExtension()) || event.getException() != null
                    || artifact.getPath() == null) {
                return;
            }
            String source = downloaded.contains(artifact.toString()) && event.getRepository() instanceof RemoteRepository remote
                    ? "downloaded from " + remote.getId() + ", " + kilobytes(artifact.getPath()) + " KB"
                    : "local repository";
            progress.accept("  " + coordinates(artifact) + "  (" + source + ")");
        }
    }
}
