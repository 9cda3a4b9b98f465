package dev.course.server.app;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.lessons.CourseContent;
import dev.course.server.kernel.GatewayKernels;
import dev.course.server.kernel.KernelHost;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.WarmKernels;
import dev.course.server.models.ModelService;
import dev.course.server.models.ModelServiceLimits;
import dev.course.server.progress.Database;
import dev.course.server.progress.JdbcProgressStore;
import dev.course.server.search.CourseSearch;
import dev.course.server.web.CourseMode;
import dev.course.server.web.CourseServer;
import dev.course.server.workshop.WorkshopMode;
import dev.course.server.workshop.WorkshopStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The course application, assembled in one place: where kernels run (and whether the server's one
 * shared {@link ModelService} runs their bundled models), the kernel pool, the progress database,
 * the course search, workshop mode, and the web server in front of them.
 *
 * <p>{@code ./course serve}, the benchmarks ({@code bench cell}, {@code bench workshop}) and the
 * integration tests all build it here, so that what a benchmark measures and what a test checks is
 * the server learners get; each only changes the options it needs ({@link Builder}), and every
 * option not given keeps the named default {@code serve} uses.
 *
 * <p>Closing it stops the web server, then the kernels, the database and the search, then the
 * model service it made.
 */
public final class CourseApplication implements AutoCloseable {

    private final CourseServer server;
    private final KernelPool pool;
    private final WorkshopStore workshops;
    private final ModelService modelService;
    private final boolean ownsModelService;

    private CourseApplication(CourseServer server, KernelPool pool, WorkshopStore workshops, ModelService modelService,
                              boolean ownsModelService) {
        this.server = server;
        this.pool = pool;
        this.workshops = workshops;
        this.modelService = modelService;
        this.ownsModelService = ownsModelService;
    }

    /** An application serving {@code content}; every other option has its default until set. */
    public static Builder serving(CourseContent content) {
        return new Builder(content);
    }

    /** The web server (its port, its learner cookies). */
    public CourseServer server() {
        return server;
    }

    /** The port the web server listens on (the one picked when port 0 was asked for). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port} or {@code https://…} of the web server on 127.0.0.1 (for benchmarks and tests). */
    public String loopbackUrl() {
        return (server.https() ? "https" : "http") + "://127.0.0.1:" + server.port();
    }

    /** The learners' kernels. */
    public KernelPool kernels() {
        return pool;
    }

    /** The model service the kernels use, or null when they load their own models (or run on a gateway). */
    public ModelService modelService() {
        return modelService;
    }

    /** The workshops, or null outside workshop mode. */
    public WorkshopStore workshops() {
        return workshops;
    }

    @Override
    public void close() {
        try {
            server.close(); // the web server, the kernel pool and its host, the progress database, the search
        } finally {
            if (ownsModelService) {
                modelService.close();
            }
        }
    }

    /**
     * The options of one application, each with the default {@code serve} uses. Kernels run on this
     * machine ({@link #localKernels}) or on a gateway ({@link #gatewayKernels}); one of them must be
     * given.
     */
    public static final class Builder {

        /** Serve's default address: only this machine can reach it. */
        public static final String DEFAULT_HOST = CourseServer.DEFAULT_HOST;
        /** Port 0: a free port, for benchmarks and tests; {@code serve} passes its own (default 7070). */
        public static final int DEFAULT_PORT = 0;
        public static final int DEFAULT_MAX_KERNELS = KernelPool.DEFAULT_MAX_KERNELS;
        public static final int DEFAULT_IDLE_MINUTES = KernelPool.DEFAULT_IDLE_MINUTES;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(DEFAULT_IDLE_MINUTES);
        public static final int DEFAULT_WARM_KERNELS = WarmKernels.DEFAULT_SIZE;

        private final CourseContent content;
        private KernelLauncher launcher;
        private GatewayKernels gateway;
        private boolean modelService = true;
        private ModelServiceLimits modelServiceLimits = ModelServiceLimits.defaults();
        private int maxKernels = DEFAULT_MAX_KERNELS;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int warmKernels = DEFAULT_WARM_KERNELS;
        private boolean cpuGovernor = true;
        private Database database;
        private Supplier<EmbeddingModel> searchModel = EmbeddingModel::miniLm;
        private String instructorToken;
        private CourseServer.Safeguards safeguards;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;

        private Builder(CourseContent content) {
            this.content = Objects.requireNonNull(content, "content");
        }

        /**
         * Kernels run on this machine, started by {@code launcher} (its sandbox and limits). Unless
         * {@link #modelsInKernels()} is set, they get the server's shared model service: the one
         * the launcher already has, or a new one this application makes and closes.
         */
        public Builder localKernels(KernelLauncher launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            this.gateway = null;
            return this;
        }

        /** Kernels run on a Jupyter Server or gateway, which loads their models itself. */
        public Builder gatewayKernels(GatewayKernels gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            this.launcher = null;
            return this;
        }

        /**
         * Each local kernel loads its own bundled models, as in Jupyter ({@code serve --models kernel}),
         * unless the launcher given already has a model service.
         */
        public Builder modelsInKernels() {
            this.modelService = false;
            return this;
        }

        /** The limits of the shared model service (default: {@link ModelServiceLimits#defaults()}). */
        public Builder modelServiceLimits(ModelServiceLimits limits) {
            this.modelServiceLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The most kernels at once, learners' and warm ones together (default {@value #DEFAULT_MAX_KERNELS}). */
        public Builder maxKernels(int maxKernels) {
            if (maxKernels < 1) {
                throw new IllegalArgumentException("maxKernels must be at least 1, not " + maxKernels);
            }
            this.maxKernels = maxKernels;
            return this;
        }

        /** A kernel unused this long is closed (default {@value #DEFAULT_IDLE_MINUTES} minutes). */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Kernels kept started for new learners (default {@value #DEFAULT_WARM_KERNELS}; 0 starts each on demand). */
        public Builder warmKernels(int warmKernels) {
            if (warmKernels < 0) {
                throw new IllegalArgumentException("warmKernels must be at least 0, not " + warmKernels);
            }
            this.warmKernels = warmKernels;
            return this;
        }

        /**
         * Whether a {@link dev.course.server.kernel.CpuGovernor} lowers the CPU share of local kernels
         * that burn CPU while no cell runs, or in a long cell (default: on, where kernels have cgroups).
         * Off only to measure what it does.
         */
        public Builder cpuGovernor(boolean on) {
            this.cpuGovernor = on;
            return this;
        }

        /** Where progress (and workshops) are kept (default: a fresh SQLite file in a temporary folder). */
        public Builder database(Database database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /** The course search's embedding model (default MiniLM, as {@code serve}). */
        public Builder searchModel(Supplier<EmbeddingModel> model) {
            this.searchModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /** A course search without a model, so none is loaded (a search fails): for runs that never search. */
        public Builder withoutSearchModel() {
            return searchModel(() -> {
                throw new IllegalStateException("this server was started without a search model");
            });
        }

        /**
         * Workshop mode ({@link WorkshopMode}), with what the instructor presents at
         * {@code /instructor?token=…} (default: off, self-study).
         */
        public Builder workshop(String instructorToken) {
            this.instructorToken = Objects.requireNonNull(instructorToken, "instructorToken");
            return this;
        }

        /** The secret, kernel caps and TLS (default: {@link CourseServer.Safeguards#ephemeral()}). */
        public Builder safeguards(CourseServer.Safeguards safeguards) {
            this.safeguards = Objects.requireNonNull(safeguards, "safeguards");
            return this;
        }

        /** Where to listen (default {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT}: a free one). */
        public Builder listen(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** Starts the application: the kernels' pool (and its warm kernels), the search, the web server. */
        public CourseApplication start() {
            if (launcher == null && gateway == null) {
                throw new IllegalStateException("say where kernels run: localKernels(launcher) or gatewayKernels(gateway)");
            }
            ModelService ownModelService = null;
            KernelHost kernels = gateway;
            if (launcher != null) {
                KernelLauncher local = launcher;
                if (modelService && local.modelService() == null) {
                    ownModelService = new ModelService(modelServiceLimits);
                    local = local.withModelService(ownModelService);
                }
                kernels = local;
            }
            Database db = database != null ? database : temporaryDatabase();
            KernelPool pool = null;
            CourseMode mode = null;
            try {
                pool = new KernelPool(kernels, maxKernels, idleTimeout, warmKernels, cpuGovernor);
                WorkshopStore workshops = instructorToken == null ? null : new WorkshopStore(db);
                mode = workshops == null ? CourseMode.SELF_STUDY : new WorkshopMode(content::course, workshops, pool, instructorToken);
                CourseServer server = CourseServer.start(content, pool, new JdbcProgressStore(db),
                        CourseSearch.start(content::course, searchModel), mode,
                        safeguards != null ? safeguards : CourseServer.Safeguards.ephemeral(), host, port);
                return new CourseApplication(server, pool, workshops, kernels.modelService(), ownModelService != null);
            } catch (RuntimeException e) {
                if (mode != null) {
                    mode.close();
                }
                if (pool != null) {
                    pool.close();
                }
                db.close();
                if (ownModelService != null) {
                    ownModelService.close();
                }
                throw e;
            }
        }

        private static Database temporaryDatabase() {
            try {
                return Database.sqlite(Files.createTempDirectory("course-app").resolve("progress.db"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a temporary folder for the progress database", e);
            }
        }
    }
}
