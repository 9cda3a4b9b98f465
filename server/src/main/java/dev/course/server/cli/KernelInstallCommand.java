package dev.course.server.cli;

import dev.course.kernel.install.KernelSpec;
import dev.course.server.kernel.KernelLauncher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code course kernel install [--user|--prefix DIR]}: writes the "Java (course)" kernelspec so that
 * Jupyter lists and runs our kernel with the engine on its class path. The default is {@code --user}.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install the 'Java (course)' kernel for Jupyter (default: for this user).")
public final class KernelInstallCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--user", description = "Install into this user's Jupyter data folder (the default).")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "Install into DIR/share/jupyter/kernels (e.g. a virtualenv or sys.prefix).")
        Path prefix;
    }

    @Override
    public Integer call() throws Exception {
        Path kernels = target != null && target.prefix != null
                ? KernelSpec.prefixKernelsDir(target.prefix.toAbsolutePath())
                : KernelSpec.userKernelsDir();
        String classPath = KernelLauncher.currentClassPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path spec = KernelSpec.install(kernels, classPath);
        System.out.println("Installed kernelspec '" + KernelSpec.NAME + "' (" + KernelSpec.DISPLAY_NAME + ") in " + spec);
        System.out.println("It runs " + KernelSpec.javaExecutable() + " with this build's class path; reinstall after moving the project.");
        return 0;
    }
}
