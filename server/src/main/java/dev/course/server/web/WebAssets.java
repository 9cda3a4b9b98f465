package dev.course.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions of the WebJars the pages load, read from the jars themselves so that the pom is the
 * only place a version is written.
 */
final class WebAssets {

    static final String CODEMIRROR_VERSION = webjarVersion("codemirror");
    static final String KATEX_VERSION = webjarVersion("katex");

    private WebAssets() {
    }

    private static String webjarVersion(String name) {
        String resource = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar '" + name + "' is missing from the class path; rebuild with ./mvnw install");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
