package dev.course.server.cli;

import dev.course.kernel.install.KernelSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code kernel install} and {@code kernel uninstall} work, as {@code jupyter kernelspec}
 * names it: {@code --user} (the default), {@code --sys-prefix} (the Python environment that runs
 * Jupyter, found by asking {@code python3}) or {@code --prefix DIR}.
 */
final class KernelsDirOption {

    /** Longest wait for {@code python3} to name its {@code sys.prefix}. */
    private static final long PYTHON_TIMEOUT_SECONDS = 20;

    @Option(names = "--user", description = "This user's Jupyter data folder (the default).")
    boolean user;

    @Option(names = "--sys-prefix", description = "The Python environment of python3 on the PATH (sys.prefix), e.g. a virtualenv that runs Jupyter.")
    boolean sysPrefix;

    @Option(names = "--prefix", paramLabel = "DIR", description = "DIR/share/jupyter/kernels.")
    Path prefix;

    /** The kernels folder that {@code group} names; the user's when it is null. */
    static Path resolve(KernelsDirOption group) throws IOException, InterruptedException {
        if (group == null || group.user) {
            return KernelSpec.userKernelsDir();
        }
        if (group.prefix != null) {
            return KernelSpec.prefixKernelsDir(group.prefix.toAbsolutePath());
        }
        return KernelSpec.prefixKernelsDir(pythonSysPrefix());
    }

    private static Path pythonSysPrefix() throws IOException, InterruptedException {
        Process python;
        try {
            python = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserError("--sys-prefix asks python3 for its sys.prefix, and there is no python3 on the PATH;"
                    + " use --prefix DIR instead");
        }
        python.getOutputStream().close();
        if (!python.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new UserError("python3 did not name its sys.prefix within " + PYTHON_TIMEOUT_SECONDS + " s; use --prefix DIR instead");
        }
        String output = new String(python.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
        if (python.exitValue() != 0 || output.isEmpty() || output.contains("\n")) {
            throw new UserError("python3 could not name its sys.prefix (" + output + "); use --prefix DIR instead");
        }
        return Path.of(output);
    }
}
