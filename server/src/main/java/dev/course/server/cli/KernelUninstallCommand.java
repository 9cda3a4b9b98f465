package dev.course.server.cli;

import dev.course.kernel.install.KernelSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code course kernel uninstall [--user|--sys-prefix|--prefix DIR] [--name N]}: removes what install wrote. */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
        description = "Remove the kernelspec that 'kernel install' wrote (default: this user's, named course-java).")
public final class KernelUninstallCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    KernelsDirOption target;

    @Option(names = "--name", paramLabel = "N", description = "The kernel's name in Jupyter (default: ${DEFAULT-VALUE}).",
            defaultValue = KernelSpec.NAME)
    String name;

    @Override
    public Integer call() throws Exception {
        Path removed = KernelSpec.uninstall(KernelsDirOption.resolve(target), name);
        System.out.println("Removed kernelspec '" + name + "' from " + removed);
        return 0;
    }
}
