package dev.course.server.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Cgroup}'s CPU files, in folders laid out like cgroup v1's (a {@code cpu} and a separate
 * {@code cpuacct} hierarchy, as on this project's machines) and v2's; the real ones are written in
 * {@code KernelFaultsIT}.
 */
class CgroupCpuTest {

    @TempDir
    Path root;

    @Test
    void v1WritesSharesAndQuotaAndReadsUsageFromItsCpuacctFolder() throws IOException {
        Path memory = folder("memory", "memory.limit_in_bytes");
        Path cpu = folder("cpu", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares");
        Path cpuacct = folder("cpuacct", "cpuacct.usage");
        Files.writeString(cpuacct.resolve("cpuacct.usage"), "1234567890\n");
        Cgroup group = new Cgroup(List.of(), List.of(memory, cpu, cpuacct), "v1");

        assertEquals(1_234_567_890L, group.cpuUsageNanos());
        group.setCpu(1, 10);
        assertEquals("10000", Files.readString(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("10", Files.readString(cpu.resolve("cpu.shares")), "weight 1 on v1's scale");
        group.setCpu(Cgroup.CPU_WEIGHT, 100);
        assertEquals("100000", Files.readString(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals(Integer.toString(Cgroup.CPU_SHARES_V1), Files.readString(cpu.resolve("cpu.shares")));
    }

    @Test
    void v2WritesWeightAndMaxAndReadsUsageFromCpuStat() throws IOException {
        Path group = folder("course-kernels", "cpu.max", "cpu.weight", "cpu.stat");
        Files.writeString(group.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");
        Cgroup cgroup = new Cgroup(List.of(), List.of(group), "v2");

        assertEquals(2_500_000L, cgroup.cpuUsageNanos());
        cgroup.setCpu(1, 10);
        assertEquals("10000 100000", Files.readString(group.resolve("cpu.max")));
        assertEquals("1", Files.readString(group.resolve("cpu.weight")));
    }

    @Test
    void withoutCpuFilesUsageIsUnknownAndSettingFails() throws IOException {
        Cgroup group = new Cgroup(List.of(), List.of(folder("pids", "pids.max")), "v1");
        assertEquals(-1, group.cpuUsageNanos());
        assertThrows(IOException.class, () -> group.setCpu(1, 10));
        assertThrows(IllegalArgumentException.class, () -> group.setCpu(0, 10));
    }

    @Test
    void v1SharesFollowV2Weights() {
        assertEquals(1024, Cgroup.sharesV1(100));
        assertEquals(10, Cgroup.sharesV1(1));
        assertEquals(102_400, Cgroup.sharesV1(10_000));
    }

    private Path folder(String name, String... files) throws IOException {
        Path folder = Files.createDirectories(root.resolve(name).resolve("k1"));
        for (String file : files) {
            Files.writeString(folder.resolve(file), "0");
        }
        return folder;
    }
}
