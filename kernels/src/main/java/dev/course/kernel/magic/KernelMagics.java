package dev.course.kernel.magic;

import dev.course.kernel.dependencies.MavenResolver;
import dev.course.kernel.jshell.JShellSession;

/** The magics every kernel session has. */
public final class KernelMagics {

    private KernelMagics() {
    }

    /** The magics of a session, sharing one record of what was added to its class path. */
    public static Magics all(JShellSession session) {
        Magics magics = new Magics();
        SessionClassPath classPath = new SessionClassPath(session);
        SessionDependencies dependencies = new SessionDependencies(
                new MavenResolver(MavenResolver.Settings.fromSystemProperties()), classPath);
        magics.add(new LsMagic(magics), new HelpMagic(magics), new TimeMagic(), new EnvMagic(), new LoadMagic(),
                ClassPathMagic.jars(classPath), ClassPathMagic.classpath(classPath),
                new MavenMagic(dependencies), new MavenRepoMagic(dependencies), new LoadFromPomMagic(dependencies));
        return magics;
    }
}
