package dev.course.server.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kernel JVM's class-data-sharing archive (AppCDS): the classes a kernel loads to answer its
 * first cell — JShell, the compiler, the kernel and engine classes — parsed and laid out once, then
 * mapped by every kernel instead of loaded from jars again. It cuts the start of a kernel (see the
 * measured numbers in docs/measurements.md, "Kernels and cells").
 *
 * <p>The archive is made by one training run of the kernel outside the sandbox, which writes it at
 * exit — an AOT cache ({@code -XX:AOTCacheOutput}, JDK 25's successor of AppCDS, the default) or a
 * dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}); sandboxed kernels only read it
 * ({@code -XX:AOTCache} / {@code -XX:SharedArchiveFile}, bound read-only). It lives in {@code ~/.cache/course/cds} under a name derived from the JDK, the
 * class path (each entry's path, size and modification time) and the JVM flags, so a rebuilt jar or
 * another JDK simply means another file, made afresh. While no archive exists kernels start without
 * one, which is logged once; should the JVM still reject a file it falls back to loading classes
 * normally, with its warning on the kernel's stderr.
 *
 * <p>{@value #ENABLED_PROPERTY}{@code =false} turns it off.
 */
public final class KernelClassArchive {

    private static final Logger LOG = LoggerFactory.getLogger(KernelClassArchive.class);

    /**
     * System property: which kind of archive kernels use ({@code aot} or {@code cds}, see {@link Kind});
     * {@code false} makes kernels start without one and never create one.
     */
    public static final String ENABLED_PROPERTY = "course.kernel.cds";

    /**
     * The two archive formats of JDK 25. Both are made by a training run that writes the file at exit
     * and are mapped read-only by later JVMs with the same class path.
     */
    public enum Kind {
        /** A dynamic AppCDS archive: the loaded classes, parsed. */
        CDS(".jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),
        /** An AOT cache (JEP 483/514/515): the classes loaded and linked, plus method profiles for the JIT. */
        AOT(".aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=");

        final String extension;
        final String trainingFlag;
        final String runFlag;

        Kind(String extension, String trainingFlag, String runFlag) {
            this.extension = extension;
            this.trainingFlag = trainingFlag;
            this.runFlag = runFlag;
        }

        /** The flag that makes a training JVM write the archive to {@code output} at exit. */
        public String trainingFlag(Path output) {
            return trainingFlag + output;
        }
    }

    /** The kind used unless {@value #ENABLED_PROPERTY} says otherwise. */
    public static final Kind DEFAULT_KIND = Kind.AOT;

    /**
     * Flags for a JVM reading the archive. The JVM's own warnings (an archive it rejects, say) would
     * go to stdout, which carries the protocol; they go to stderr instead.
     */
    static final List<String> LOG_TO_STDERR = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");

    private final Path file;
    private final Kind kind;
    private final boolean enabled;
    private final AtomicReference<CompletableFuture<Boolean>> creation = new AtomicReference<>();
    private final AtomicBoolean missingLogged = new AtomicBoolean();

    KernelClassArchive(Path file, Kind kind, boolean enabled) {
        this.file = file;
        this.kind = kind;
        this.enabled = enabled;
    }

    /** No archive: kernels start as they always did. */
    public static KernelClassArchive none() {
        return new KernelClassArchive(Path.of("/nonexistent/kernel.aot"), DEFAULT_KIND, false);
    }

    /**
     * The archive for kernels run by this JDK with this class path and these flags, in the user's
     * cache, of the kind {@value #ENABLED_PROPERTY} names ({@code aot}, the default, or {@code cds});
     * none at all when it is {@code false}.
     *
     * @throws IllegalArgumentException when the property has another value
     */
    public static KernelClassArchive inCache(Path javaHome, List<Path> classPath, List<String> jvmFlags) {
        String setting = System.getProperty(ENABLED_PROPERTY, DEFAULT_KIND.name()).toUpperCase(java.util.Locale.ROOT);
        if (setting.equals("FALSE")) {
            return none();
        }
        Kind kind;
        try {
            kind = Kind.valueOf(setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + ENABLED_PROPERTY + " must be aot, cds or false, not "
                    + System.getProperty(ENABLED_PROPERTY));
        }
        return inCache(javaHome, classPath, jvmFlags, kind);
    }

    /** The archive of a given kind for kernels run by this JDK with this class path and these flags. */
    public static KernelClassArchive inCache(Path javaHome, List<Path> classPath, List<String> jvmFlags, Kind kind) {
        Optional<Path> folder = classPath.stream().filter(KernelClassArchive::nonEmptyFolder).findFirst();
        if (folder.isPresent()) {
            // The JVM refuses to archive a class path with folders of classes ("Cannot have non-empty
            // directory in paths"): a training run would only fail. Jars (the packaged course) work.
            if (FOLDER_LOGGED.compareAndSet(false, true)) {
                LOG.info("kernels start without a class-data archive: their class path has a folder of classes ({}), "
                        + "and archives need jars (run the packaged course, or build with `./mvnw package`)", folder.get());
            }
            return none();
        }
        Path cache = Path.of(System.getProperty("course.cache",
                Path.of(System.getProperty("user.home"), ".cache", "course").toString()));
        return new KernelClassArchive(cache.resolve("cds").resolve("kernel-" + key(javaHome, classPath, jvmFlags) + kind.extension),
                kind, true);
    }

    private static final AtomicBoolean FOLDER_LOGGED = new AtomicBoolean();

    private static boolean nonEmptyFolder(Path entry) {
        if (!Files.isDirectory(entry)) {
            return false;
        }
        try (var children = Files.list(entry)) {
            return children.findAny().isPresent();
        } catch (IOException unreadable) {
            return true;
        }
    }

    /** Which format the archive has. */
    public Kind kind() {
        return kind;
    }

    /** Where the archive is (or will be). */
    public Path file() {
        return file;
    }

    /** The archive, if it is there to use. */
    public Optional<Path> usable() {
        if (!enabled || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            if (enabled && missingLogged.compareAndSet(false, true)) {
                LOG.info("no class-data archive for kernels yet ({}); kernels start without one until it is made", file);
            }
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The flags that make a kernel JVM map the archive; none while there is no archive. */
    public List<String> jvmFlags() {
        return usable().map(path -> {
            List<String> flags = new java.util.ArrayList<>(List.of(kind.runFlag + path));
            flags.addAll(LOG_TO_STDERR);
            return List.copyOf(flags);
        }).orElse(List.of());
    }

    /** Makes one training run write an archive. */
    @FunctionalInterface
    public interface Trainer {
        /** Runs a kernel that writes its archive to {@code output} at exit; true if it exited cleanly. */
        boolean train(Path output) throws IOException, InterruptedException;
    }

    /**
     * Creates the archive in the background unless it exists, creation is off, or a creation is
     * already running. Completes with whether an archive is there to use afterwards.
     */
    public CompletableFuture<Boolean> ensureCreated(Trainer trainer) {
        if (!enabled) {
            return CompletableFuture.completedFuture(false);
        }
        if (Files.isRegularFile(file)) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        if (!creation.compareAndSet(null, started)) {
            return creation.get();
        }
        Thread.ofPlatform().daemon().name("kernel-cds-archive").start(() -> started.complete(create(trainer)));
        return started;
    }

    private boolean create(Trainer trainer) {
        long start = System.nanoTime();
        Path partial = null;
        try {
            Files.createDirectories(file.getParent());
            deleteLeftovers(file.getParent());
            partial = Files.createTempFile(file.getParent(), "training-", kind.extension);
            Files.delete(partial); // the JVM writes it at exit
            if (!trainer.train(partial) || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                LOG.warn("the training kernel wrote no class-data archive; kernels start without one");
                return false;
            }
            setWorldReadable(partial);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("class-data archive for kernels made in {} ms ({} MB): {}", (System.nanoTime() - start) / 1_000_000,
                    Files.size(file) / (1024 * 1024), file);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not make a class-data archive for kernels ({}); kernels start without one", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            creation.set(null);
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                    // The AOT training keeps its class list next to the cache until it is assembled.
                    Files.deleteIfExists(partial.resolveSibling(partial.getFileName() + ".config"));
                } catch (IOException e) {
                    LOG.debug("could not delete {}", partial);
                }
            }
        }
    }

    /** How old a training file must be to count as abandoned (its server was killed mid-training). */
    private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(30);

    /** How old another build's archive must be to be deleted (every rebuild of a jar makes a new one). */
    private static final java.time.Duration UNUSED_AFTER = java.time.Duration.ofDays(7);

    /**
     * Removes what trainings of killed servers left behind and the archives of old builds. A training
     * in progress elsewhere is younger than {@link #ABANDONED_AFTER}; another checkout's current
     * archive was made within {@link #UNUSED_AFTER} or is simply made again.
     */
    private void deleteLeftovers(Path folder) throws IOException {
        deleteOlderThan(folder, "training-*", ABANDONED_AFTER);
        deleteOlderThan(folder, "kernel-*", UNUSED_AFTER);
    }

    private void deleteOlderThan(Path folder, String glob, java.time.Duration age) throws IOException {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        try (var files = Files.newDirectoryStream(folder, glob)) {
            for (Path leftover : files) {
                try {
                    if (!leftover.equals(file) && Files.getLastModifiedTime(leftover).toMillis() < cutoff) {
                        Files.deleteIfExists(leftover);
                    }
                } catch (java.nio.file.NoSuchFileException goneMeanwhile) {
                    // Another training's temporary file, removed by its own JVM while we looked.
                }
            }
        }
    }

    /** Sandboxed kernels may run as host nobody: they must be able to read the archive. */
    private static void setWorldReadable(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("could not make {} world-readable: {}", path, e.toString());
        }
    }

    /** A short digest of everything the archive depends on. */
    static String key(Path javaHome, List<Path> classPath, List<String> jvmFlags) {
        StringBuilder text = new StringBuilder(javaHome.toAbsolutePath() + "\n" + Runtime.version() + "\n");
        for (Path entry : classPath) {
            text.append(entry.toAbsolutePath());
            try {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                text.append(' ').append(attributes.size()).append(' ').append(attributes.lastModifiedTime().toMillis());
            } catch (IOException e) {
                text.append(" missing");
            }
            text.append('\n');
        }
        jvmFlags.forEach(flag -> text.append(flag).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
