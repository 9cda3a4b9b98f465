package dev.course.server.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelClassArchiveTest {

    @Test
    void theNameChangesWithTheJarsTheJdkAndTheFlags(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("kernel.jar"), "v1");
        Path java = Path.of(System.getProperty("java.home"));
        String key = KernelClassArchive.key(java, List.of(jar), List.of("-Xmx768m"));

        assertEquals(key, KernelClassArchive.key(java, List.of(jar), List.of("-Xmx768m")));
        assertNotEquals(key, KernelClassArchive.key(java, List.of(jar), List.of("-Xmx512m")));
        assertNotEquals(key, KernelClassArchive.key(dir, List.of(jar), List.of("-Xmx768m")));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertNotEquals(key, KernelClassArchive.key(java, List.of(jar), List.of("-Xmx768m")), "a rebuilt jar makes the archive stale");
    }

    @Test
    void withoutAnArchiveKernelsGetNoFlagsAndOnceMadeTheyMapItReadOnly(@TempDir Path dir) throws Exception {
        KernelClassArchive archive = new KernelClassArchive(dir.resolve("cds").resolve("kernel-x.aot"), KernelClassArchive.Kind.AOT, true);
        assertTrue(archive.jvmFlags().isEmpty());

        AtomicInteger trainings = new AtomicInteger();
        assertTrue(archive.ensureCreated(output -> {
            trainings.incrementAndGet();
            assertTrue(output.getFileName().toString().endsWith(".aot"));
            assertFalse(Files.exists(output), "the JVM writes the archive itself");
            Files.writeString(output, "archive");
            return true;
        }).get(10, TimeUnit.SECONDS));

        assertEquals(List.of("-XX:AOTCache=" + archive.file(), "-Xlog:disable", "-Xlog:all=warning:stderr"), archive.jvmFlags());
        assertTrue(Files.getPosixFilePermissions(archive.file()).contains(PosixFilePermission.OTHERS_READ),
                "a kernel running as nobody can read it");
        assertTrue(archive.ensureCreated(output -> { throw new AssertionError("made twice"); }).get(10, TimeUnit.SECONDS));
        assertEquals(1, trainings.get());
        try (var files = Files.list(archive.file().getParent())) {
            assertEquals(1, files.count(), "no training leftovers");
        }
    }

    @Test
    void makingAnArchiveDeletesAbandonedTrainingsAndOldBuildsArchivesButNothingRecent(@TempDir Path dir) throws Exception {
        Path abandoned = Files.writeString(dir.resolve("training-1.aot.config"), "");
        Path running = Files.writeString(dir.resolve("training-2.aot"), "");
        Path oldBuild = Files.writeString(dir.resolve("kernel-old.aot"), "");
        Path otherCheckout = Files.writeString(dir.resolve("kernel-other.aot"), "");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(now - TimeUnit.HOURS.toMillis(2)));
        Files.setLastModifiedTime(oldBuild, FileTime.fromMillis(now - TimeUnit.DAYS.toMillis(8)));
        Files.setLastModifiedTime(otherCheckout, FileTime.fromMillis(now - TimeUnit.DAYS.toMillis(1)));

        KernelClassArchive archive = new KernelClassArchive(dir.resolve("kernel-new.aot"), KernelClassArchive.Kind.AOT, true);
        assertTrue(archive.ensureCreated(output -> Files.writeString(output, "archive") != null).get(10, TimeUnit.SECONDS));

        assertFalse(Files.exists(abandoned));
        assertFalse(Files.exists(oldBuild));
        assertTrue(Files.exists(running), "a training younger than 30 minutes may still be running");
        assertTrue(Files.exists(otherCheckout));
    }

    @Test
    void aFailedTrainingLeavesNoArchiveAndKernelsStartWithout(@TempDir Path dir) throws Exception {
        KernelClassArchive archive = new KernelClassArchive(dir.resolve("kernel-y.jsa"), KernelClassArchive.Kind.CDS, true);
        assertFalse(archive.ensureCreated(output -> {
            Files.writeString(output, "half");
            return false;
        }).get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(archive.file()));
        assertTrue(archive.jvmFlags().isEmpty());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the partial file is deleted");
        }
        assertFalse(KernelClassArchive.none().ensureCreated(output -> true).get(10, TimeUnit.SECONDS), "none() never trains");
    }
}
