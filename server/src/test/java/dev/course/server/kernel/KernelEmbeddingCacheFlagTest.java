package dev.course.server.kernel;

import dev.course.kernel.protocol.KernelLaunch;
import dev.course.server.sandbox.BubblewrapCommand;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sandboxed kernel keeps no pooled vectors on disk (a learner must not write vectors that another
 * learner's kernel reads); a kernel outside the sandbox, like Jupyter's, keeps them.
 */
class KernelEmbeddingCacheFlagTest {

    private static final String OFF = "-D" + KernelLaunch.EMBEDDING_CACHE_PROPERTY + "=" + KernelLaunch.EMBEDDING_CACHE_OFF;

    @Test
    void sandboxedKernelsStartWithTheCacheOffAndUnsandboxedOnesWithout() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Sandbox isolated = new Sandbox(new BubblewrapCommand(Path.of("/usr/bin/bwrap"), BubblewrapCommand.Identity.USER_NAMESPACE, null),
                null, false, List.of());
        List<String> sandboxed = new KernelLauncher(javaHome, KernelLauncher.kernelClassPath(), isolated, KernelLimits.defaults()).javaCommand();
        assertTrue(sandboxed.contains(OFF), sandboxed.toString());

        List<String> plain = new KernelLauncher(javaHome, KernelLauncher.kernelClassPath(), Sandbox.none("test"), KernelLimits.defaults()).javaCommand();
        assertEquals(List.of(), plain.stream().filter(arg -> arg.contains(KernelLaunch.EMBEDDING_CACHE_PROPERTY)).toList());
    }
}
