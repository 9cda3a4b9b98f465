package dev.course.server.cli;

import dev.course.lessons.CourseContent;
import dev.course.server.app.CourseApplication;
import dev.course.server.kernel.GatewayKernels;
import dev.course.server.kernel.GatewayUnusableException;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.models.ModelServiceLimits;
import dev.course.server.progress.Database;
import dev.course.server.web.CourseServer;
import dev.course.server.web.SelfSignedCertificate;
import dev.course.server.web.ServerSecret;
import dev.course.server.web.TlsIdentity;
import dev.course.server.workshop.InstructorToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code course serve}: the course in the browser at http://localhost:7070. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the course: open http://localhost:7070 in a browser.")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--host", defaultValue = CourseServer.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}). Anyone who reaches the server can run code: "
                    + "bind to another address only on a network you trust.")
    String host;

    @Option(names = "--port", defaultValue = "" + CourseServer.DEFAULT_PORT, converter = OptionRanges.Port.class, description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--lessons", paramLabel = "DIR",
            description = "Serve lessons from this folder instead of the packaged ones, re-reading them on every request (for authors).")
    Path lessons;

    @Option(names = "--cell-timeout", paramLabel = "SECONDS", defaultValue = "120", converter = OptionRanges.AtLeastOneLong.class,
            description = "Wall-clock limit of one cell before it is interrupted (default: ${DEFAULT-VALUE}).")
    long cellTimeoutSeconds;

    @Option(names = "--database", paramLabel = "FILE|JDBC_URL",
            description = "Where learners' progress is kept: an SQLite file (default: ${DEFAULT-VALUE}) or "
                    + "jdbc:postgresql://HOST/DB?user=…&password=… to share it between several servers.",
            defaultValue = "${sys:user.home}/.local/share/course/progress.db")
    String database;

    @Option(names = "--workshop", description = "Workshop mode: prints an instructor link; learners join with a code "
            + "and see the lessons the instructor opens.")
    boolean workshop;

    @Option(names = "--allow-unsandboxed", description = "Allow workshop mode on a machine where kernels cannot be "
            + "sandboxed (every learner's code could then read and change this machine).")
    boolean allowUnsandboxed;

    @Option(names = "--max-kernels", defaultValue = "" + CourseApplication.Builder.DEFAULT_MAX_KERNELS, converter = OptionRanges.AtLeastOne.class,
            description = "The most kernels that may run at once (default: ${DEFAULT-VALUE}).")
    int maxKernels;

    @Option(names = "--warm-kernels", defaultValue = "" + CourseApplication.Builder.DEFAULT_WARM_KERNELS, converter = OptionRanges.AtLeastZero.class,
            description = "Kernels kept started and ready, so a new learner's first cell answers at once "
                    + "(default: ${DEFAULT-VALUE}; 0 starts each kernel on demand).")
    int warmKernels;

    @Option(names = "--idle-timeout", paramLabel = "MINUTES", defaultValue = "" + CourseApplication.Builder.DEFAULT_IDLE_MINUTES, converter = OptionRanges.AtLeastOneLong.class,
            description = "Close a learner's kernel after this long unused (default: ${DEFAULT-VALUE}).")
    long idleMinutes;

    /** Where kernels run the bundled embedding models. */
    enum ModelPlacement {
        SERVICE, KERNEL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--models", paramLabel = "service|kernel", defaultValue = "service",
            description = "Where kernels run the bundled embedding models: service = one shared copy in this server "
                    + "(a kernel stays ~200 MB smaller), kernel = each kernel loads its own, as in Jupyter "
                    + "(default: ${DEFAULT-VALUE}; kernels on a --gateway always load their own).")
    ModelPlacement models;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Run every learner's kernel on this Jupyter Server, Kernel Gateway or Enterprise Gateway "
                    + "(e.g. http://gateway-host:8888/) instead of on this machine. Isolating kernels is then the gateway's job.")
    String gateway;

    @Option(names = "--gateway-token", paramLabel = "TOKEN",
            description = "The gateway's token (default: the environment variable " + GATEWAY_TOKEN_ENV
                    + ", which keeps it out of the process list).")
    String gatewayToken;

    @Option(names = "--gateway-kernel", paramLabel = "NAME", defaultValue = GatewayKernels.DEFAULT_KERNEL,
            description = "The kernelspec to start on the gateway (default: ${DEFAULT-VALUE}, as `./course kernel install` writes it).")
    String gatewayKernel;

    @Option(names = "--gateway-isolated", description = "With --workshop --gateway: state that the gateway isolates "
            + "each kernel (e.g. Enterprise Gateway with container process proxies). Without it that combination is "
            + "refused: a plain Jupyter Server runs every kernel unsandboxed as one user.")
    boolean gatewayIsolated;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL learners use, when it is not localhost or the --host address (a DNS name, a reverse "
                    + "proxy), e.g. https://course.example.org. The server answers only to its own names (against DNS "
                    + "rebinding); an https URL also makes its cookies Secure.")
    String publicUrl;

    @Option(names = "--max-kernels-per-learner", paramLabel = "N",
            defaultValue = "" + CourseServer.Safeguards.DEFAULT_MAX_KERNELS_PER_LEARNER,
            description = "The most kernels one learner may have at once, one per open lesson (default: ${DEFAULT-VALUE}).")
    int maxKernelsPerLearner;

    @Option(names = "--max-kernels-per-address", paramLabel = "N",
            description = "The most kernels started from one client address (default: "
                    + CourseServer.Safeguards.DEFAULT_MAX_KERNELS_PER_ADDRESS + "; with --workshop, where a classroom may share "
                    + "one NAT address, " + WORKSHOP_KERNELS_PER_WARM_KERNEL + " per --warm-kernels, at least the default, "
                    + "at most --max-kernels).")
    Integer maxKernelsPerAddress;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "The secret that signs learner cookies, made (readable only by you) on first start; default: "
                    + "server-secret beside the SQLite database, or in ~/.local/share/course with PostgreSQL. Servers "
                    + "sharing one PostgreSQL database must share this file.")
    Path secretFile;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS with this certificate (PEM, the server's certificate first, then any intermediates), "
                    + "with --tls-key. Plain HTTP on the same port is redirected to HTTPS. Without it, --workshop serves HTTPS "
                    + "with a self-signed certificate made once and kept beside the server secret (its SHA-256 fingerprint "
                    + "is printed at start), unless --public-url is https (a proxy in front does TLS).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The private key of --tls-cert (PEM, unencrypted PKCS#8: -----BEGIN PRIVATE KEY-----).")
    Path tlsKey;

    /** In a workshop, kernels allowed per client address for each warm kernel (a room's size): a learner opens a few lessons. */
    static final int WORKSHOP_KERNELS_PER_WARM_KERNEL = 3;

    /** Where the gateway token is read from when --gateway-token is not given. */
    static final String GATEWAY_TOKEN_ENV = "COURSE_GATEWAY_TOKEN";

    @Override
    public Integer call() throws Exception {
        if (workshop && gateway != null && !gatewayIsolated) {
            throw new UserError("refusing --workshop --gateway: a plain Jupyter Server runs every learner's "
                    + "kernel unsandboxed as one user, so any learner could read the others' kernels and the gateway's token; "
                    + "if your gateway isolates each kernel (e.g. Enterprise Gateway with container process proxies), "
                    + "say so with --gateway-isolated.");
        }
        if (gatewayIsolated && gateway == null) {
            throw new UserError("--gateway-isolated needs --gateway URL");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UserError("--tls-cert and --tls-key go together: give the certificate and its private key");
        }
        requireFreePort();
        CourseServer.Safeguards safeguards;
        try {
            safeguards = new CourseServer.Safeguards(ServerSecret.loadOrCreate(secretFile()), publicUrl,
                    maxKernelsPerLearner, kernelsPerAddress()).withTls(tls());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (lessons != null && !Files.isRegularFile(lessons.resolve("course.yaml"))) {
            throw new UserError(lessons + " has no course.yaml; point --lessons at a content folder such as lessons/content");
        }
        CourseContent content = lessons == null ? CourseContent.packaged() : CourseContent.folder(lessons);
        content.course(); // fail now, with file:line, rather than on the first request
        KernelLimits limits = KernelLimits.defaults().withCellTimeout(Duration.ofSeconds(cellTimeoutSeconds));
        CourseApplication.Builder application = CourseApplication.serving(content)
                .maxKernels(maxKernels).idleTimeout(Duration.ofMinutes(idleMinutes)).warmKernels(warmKernels)
                .safeguards(safeguards).listen(host, port);
        boolean remote;
        if (gateway != null) {
            GatewayKernels kernels;
            try {
                kernels = GatewayKernels.connect(gateway, gatewayToken(), gatewayKernel, limits);
            } catch (GatewayUnusableException e) {
                throw new UserError(e.getMessage());
            }
            LOG.info("kernels: {}", kernels.describe());
            if (workshop) {
                LOG.info("workshop: learners' kernels run on the gateway, which you said isolates them (--gateway-isolated); "
                        + "this server needs no local sandbox");
            }
            if (allowUnsandboxed) {
                LOG.warn("--allow-unsandboxed has no effect with --gateway: no kernel runs on this machine");
            }
            application.gatewayKernels(kernels);
            remote = true;
        } else {
            if (gatewayToken != null || !gatewayKernel.equals(GatewayKernels.DEFAULT_KERNEL)) {
                throw new UserError("--gateway-token and --gateway-kernel need --gateway URL");
            }
            Sandbox sandbox = Sandbox.detect();
            LOG.info("kernels: {}", sandbox.describe(limits));
            sandbox.notes().forEach(note -> LOG.warn("sandbox: {}", note));
            if (workshop && !sandbox.isolated() && !allowUnsandboxed) {
                throw new UserError("refusing workshop mode: kernels cannot be sandboxed here ("
                        + String.join("; ", sandbox.notes()) + "). Install bubblewrap, or pass --allow-unsandboxed "
                        + "if every learner may run code as you on this machine, or run kernels on a gateway with --gateway URL.");
            }
            KernelLauncher launcher = KernelLauncher.forThisApplication(sandbox, limits);
            launcher.prepareClassArchive(); // in the background: kernels started before it is made start without it
            application.localKernels(launcher);
            if (models == ModelPlacement.KERNEL) {
                application.modelsInKernels();
            } else {
                LOG.info("models: one shared copy in this server, {} workers, loaded on first use",
                        ModelServiceLimits.defaults().workers());
            }
            remote = false;
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            LOG.warn("listening on {}: anyone who can reach this address can run code in a kernel {}", host,
                    remote ? "on the gateway" : "on this machine");
        }
        application.database(Database.open(database));
        LOG.info("progress: {}", database.startsWith("jdbc:") ? database.replaceAll("password=[^&]*", "password=…") : database);
        String instructorToken = workshop ? InstructorToken.newToken() : null;
        if (workshop) {
            application.workshop(instructorToken);
        }
        CourseApplication app = application.start();
        CourseServer server = app.server();
        LOG.info("kernels: at most {} per learner and {} per client address", safeguards.maxKernelsPerLearner(),
                safeguards.maxKernelsPerAddress());
        String base = publicUrl != null ? publicUrl.replaceAll("/+$", "")
                : (server.https() ? "https://" : "http://") + (host.equals("0.0.0.0") ? "localhost" : host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        System.out.println("The course is open at " + base + "/  (Ctrl+C to stop)");
        if (safeguards.tls() != null) {
            System.out.println("HTTPS certificate SHA-256 fingerprint: " + safeguards.tls().fingerprint()
                    + (tlsCert == null ? "  (self-signed: learners accept it once, after checking that their browser shows this fingerprint)" : ""));
        }
        if (workshop) {
            System.out.println("Instructor: open " + base + "/instructor?token=" + instructorToken
                    + "  (keep this link to yourself: it controls the workshop)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /**
     * Fails at once, with who holds it, when {@code --port} is taken, rather than after the sandbox,
     * the model service and the database have started. The bind itself can still lose a race; then
     * {@link UserErrors} says the same.
     */
    private void requireFreePort() {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new UserError(UserErrors.portInUse(port));
        } catch (IOException e) {
            throw new UserError("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); check --host and --port");
        }
    }

    /**
     * What the server proves itself with over HTTPS: the given PEM pair; for a workshop without one
     * a self-signed certificate (unless an https --public-url says a proxy in front does TLS); else
     * none (plain HTTP, as for one learner on localhost).
     */
    private TlsIdentity tls() {
        if (tlsCert != null) {
            return TlsIdentity.readPem(tlsCert, tlsKey);
        }
        if (!workshop || publicUrl != null && publicUrl.startsWith("https:")) {
            return null;
        }
        Path folder = secretFile().toAbsolutePath().getParent();
        SelfSignedCertificate.Loaded loaded = SelfSignedCertificate.loadOrCreate(folder, host, publicUrl);
        LOG.info("https: {} self-signed certificate {} in {}", loaded.created() ? "made a new" : "reusing the",
                SelfSignedCertificate.CERTIFICATE_FILE, folder);
        return loaded.identity();
    }

    /** The per-address kernel cap: as given, or sized for a workshop's room (see --max-kernels-per-address). */
    int kernelsPerAddress() {
        if (maxKernelsPerAddress != null) {
            return maxKernelsPerAddress;
        }
        int fallback = CourseServer.Safeguards.DEFAULT_MAX_KERNELS_PER_ADDRESS;
        return workshop ? Math.min(maxKernels, Math.max(fallback, WORKSHOP_KERNELS_PER_WARM_KERNEL * warmKernels)) : fallback;
    }

    private Path secretFile() {
        if (secretFile != null) {
            return secretFile;
        }
        Path folder = database.startsWith("jdbc:")
                ? Path.of(System.getProperty("user.home"), ".local", "share", "course")
                : Path.of(database).toAbsolutePath().getParent();
        return folder.resolve("server-secret");
    }

    private String gatewayToken() {
        if (gatewayToken != null) {
            return gatewayToken;
        }
        String fromEnvironment = System.getenv(GATEWAY_TOKEN_ENV);
        return fromEnvironment == null ? "" : fromEnvironment;
    }
}
