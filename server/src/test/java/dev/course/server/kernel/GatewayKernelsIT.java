package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.remote.JupyterServerClient;
import dev.course.server.remote.JupyterServerProcess;
import dev.course.server.remote.KernelModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KernelSession} and {@link KernelPool} on {@link GatewayKernels} against a real Jupyter
 * Server: the lesson's setup runs again after the kernel dies and after a restart, memory is
 * reported unknown, warm kernels are created ahead on the gateway, an idle kernel is culled with a
 * DELETE, and closing the pool leaves nothing on the gateway.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GatewayKernelsIT {

    @TempDir
    static Path dir;
    private static JupyterServerProcess jupyter;
    private static JupyterServerClient rest;

    @BeforeAll
    static void startJupyter() throws Exception {
        jupyter = JupyterServerProcess.start(dir);
        rest = jupyter.client();
    }

    @AfterAll
    static void stopJupyter() throws Exception {
        if (jupyter != null) {
            jupyter.close();
        }
    }

    private static GatewayKernels gateway(Duration cellTimeout) throws GatewayUnusableException {
        return GatewayKernels.connect(jupyter.base().toString(), jupyter.token(), GatewayKernels.DEFAULT_KERNEL,
                KernelLimits.defaults().withCellTimeout(cellTimeout));
    }

    private static String run(KernelSession session, String code) throws Exception {
        List<String> results = new ArrayList<>();
        KernelSession.Reply reply = session.execute(code, (type, content) -> {
            if (type.equals("execute_result")) {
                results.add(content.at("/data/text~1plain").asText());
            }
        }).get(120, TimeUnit.SECONDS);
        return reply.restarted() ? "restarted: " + reply.restartReason() : results.isEmpty() ? reply.status() : results.getFirst();
    }

    @Test
    void theSetupRunsAgainWhateverEndedTheKernel() throws Exception {
        GatewayKernels gateway = gateway(Duration.ofSeconds(60));
        try (KernelSession session = new KernelSession("gw", gateway, List.of("int setupRuns = 1;"))) {
            assertEquals("1", run(session, "setupRuns"));
            assertEquals(-1, session.memoryUsageBytes(), "a gateway kernel's memory is unknown here");
            assertEquals(-1, session.pid());
            assertEquals(1, gateway.kernelIds().size());
            String id = gateway.kernelIds().iterator().next();

            String exited = run(session, "System.exit(3);");
            assertTrue(exited.startsWith("restarted: ") && exited.contains("gateway started it again"), exited);
            assertEquals("1", run(session, "setupRuns"), "the setup ran again in the kernel the gateway restarted");

            session.restart().get(120, TimeUnit.SECONDS);
            assertEquals(KernelSession.State.IDLE, session.state());
            assertEquals("1", run(session, "setupRuns"), "and again after a restart through REST");
            assertEquals(Set.of(id), gateway.kernelIds(), "both restarts kept the gateway's kernel");
        }
        awaitKernels(List::isEmpty, "closing the session deleted its kernel");
        gateway.close();
    }

    @Test
    void warmKernelsWaitOnTheGatewayAndIdleOnesAreCulled() throws Exception {
        GatewayKernels gateway = gateway(Duration.ofSeconds(60));
        try (KernelPool pool = new KernelPool(gateway, 4, Duration.ofSeconds(4), 1)) {
            awaitKernels(kernels -> kernels.size() == 1, "one warm kernel created ahead");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (pool.warmReady() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, pool.warmReady(), "the warm kernel answered kernel_info and is ready");
            KernelSession session = pool.kernelFor("learner:foundations/vectors-and-similarity", List.of());
            assertEquals("2", run(session, "1 + 1"));
            awaitKernels(kernels -> kernels.size() == 2, "the learner's kernel and a new warm one");
            awaitKernels(kernels -> kernels.size() == 1, "the idle learner's kernel was deleted; the warm one waits");
            assertEquals(0, pool.size());
        }
        awaitKernels(List::isEmpty, "closing the pool deleted the warm kernel");
        assertTrue(gateway.kernelIds().isEmpty());
    }

    private static void awaitKernels(Predicate<List<KernelModel>> wanted, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<KernelModel> kernels = rest.kernels();
        while (!wanted.test(kernels) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            kernels = rest.kernels();
        }
        assertTrue(wanted.test(kernels), what + ": " + kernels);
    }
}
