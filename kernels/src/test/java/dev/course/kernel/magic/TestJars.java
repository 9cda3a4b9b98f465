package dev.course.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles small classes and packs them into jars, for tests that add them to a class path. */
final class TestJars {

    private TestJars() {
    }

    /**
     * Compiles one source file into a folder of classes.
     *
     * @param className fully qualified, such as {@code demo.Greeter}
     * @param classPath what the source may use, or empty
     */
    static Path compile(Path workDir, String className, String source, List<Path> classPath) throws IOException {
        Path sources = Files.createDirectories(workDir.resolve("src-" + className));
        Path file = sources.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(workDir.resolve("classes-" + className));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = classPath.stream().map(Path::toString).reduce((a, b) -> a + java.io.File.pathSeparator + b).orElse("");
        int status = cp.isEmpty()
                ? javac.run(null, null, null, "-d", classes.toString(), file.toString())
                : javac.run(null, null, null, "-cp", cp, "-d", classes.toString(), file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + className);
        }
        return classes;
    }

    /** Packs a folder of classes into a jar. */
    static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A class {@code className} with {@code public static String hi()} returning {@code greeting}. */
    static String greeter(String className, String greeting) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\npublic class " + className.substring(dot + 1)
                + " { public static String hi() { return \"" + greeting + "\"; } }\n";
    }
}
