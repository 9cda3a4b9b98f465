package dev.course.server.cli;

import dev.course.kernel.install.KernelSpec;
import dev.course.kernel.install.KernelSpecOptions;
import dev.course.server.kernel.KernelLauncher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code course kernel install [--user|--sys-prefix|--prefix DIR] [--name N] [--display-name S]
 * [--env K=V]... [--jvm-option OPT]... [--replace]}: writes the "Java (course)" kernelspec so that
 * Jupyter lists and runs our kernel with the engine on its class path — a copy of it, so the
 * kernelspec survives {@code mvn clean}. The default is {@code --user}.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install the 'Java (course)' kernel for Jupyter (default: for this user).")
public final class KernelInstallCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    KernelsDirOption target;

    @Option(names = "--name", paramLabel = "N", description = "The kernel's name in Jupyter (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.NAME)
    String name;

    @Option(names = "--display-name", paramLabel = "S", description = "What Jupyter's menus show (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.DISPLAY_NAME)
    String displayName;

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the kernel; repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--jvm-option", paramLabel = "OPT", description = "A JVM option for the kernel, e.g. --jvm-option=-Xmx2g; repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--replace", description = "Overwrite a kernelspec of the same name.")
    boolean replace;

    @Override
    public Integer call() throws Exception {
        KernelSpecOptions options = new KernelSpecOptions(name, displayName, env, jvmOptions, replace);
        Path kernels = KernelsDirOption.resolve(target);
        KernelSpec.Installed installed = KernelSpec.install(kernels, KernelLauncher.kernelClassPath(), options);
        System.out.println("Installed kernelspec '" + options.name() + "' (" + options.displayName() + ") in " + installed.specDir());
        System.out.printf("It runs %s with a copy of this build's class path (%d entries, %d MB) in %s,%n",
                KernelSpec.javaExecutable(), installed.copiedEntries(), installed.copiedBytes() / (1024 * 1024),
                installed.specDir().resolve("lib"));
        System.out.println("so it keeps working after 'mvn clean'; after changing the course, run this again with --replace.");
        return 0;
    }
}
