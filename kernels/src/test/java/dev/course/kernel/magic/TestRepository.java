package dev.course.kernel.magic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Maven repository in a folder, laid out as Maven Central is, with two small artifacts:
 * {@code magicdemo:greeter-lib:1.0} (class {@code magicdemo.lib.Greeter}) depending on
 * {@code magicdemo:greeter-base:2.0} (class {@code magicdemo.base.Words}).
 */
public final class TestRepository {

    public static final String LIB = "magicdemo:greeter-lib:1.0";
    static final String BASE = "magicdemo:greeter-base:2.0";

    private TestRepository() {
    }

    /** Builds the repository under {@code dir/repo}; returns its folder. */
    public static Path build(Path dir) throws IOException {
        Path repo = dir.resolve("repo");
        Path base = TestJars.compile(dir, "magicdemo.base.Words",
                "package magicdemo.base;\npublic class Words { public static String hello() { return \"hello\"; } }\n", List.of());
        Path lib = TestJars.compile(dir, "magicdemo.lib.Greeter",
                "package magicdemo.lib;\npublic class Greeter { public static String hi(String name) {"
                        + " return magicdemo.base.Words.hello() + \", \" + name; } }\n", List.of(base));
        publish(repo, "greeter-base", "2.0", base, "");
        publish(repo, "greeter-lib", "1.0", lib, """
                <dependencies>
                  <dependency><groupId>magicdemo</groupId><artifactId>greeter-base</artifactId><version>2.0</version></dependency>
                  <dependency><groupId>magicdemo</groupId><artifactId>never-needed</artifactId><version>9</version><scope>test</scope></dependency>
                </dependencies>
                """);
        return repo;
    }

    private static void publish(Path repo, String artifactId, String version, Path classes, String dependencies)
            throws IOException {
        Path folder = Files.createDirectories(repo.resolve("magicdemo").resolve(artifactId).resolve(version));
        TestJars.jar(classes, folder.resolve(artifactId + "-" + version + ".jar"));
        Files.writeString(folder.resolve(artifactId + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>magicdemo</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  %s
                </project>
                """.formatted(artifactId, version, dependencies));
    }
}
