package dev.course.server.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What {@code --version} prints on every command: the course's version as the build wrote it into
 * {@code version.properties} (the project's Maven version), and the JVM it runs on.
 */
final class CourseVersion implements IVersionProvider {

    /** The course's version, e.g. "0.1.0-SNAPSHOT", or "unknown" if the build wrote none. */
    static String version() {
        try (InputStream in = CourseVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{
                "course " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
