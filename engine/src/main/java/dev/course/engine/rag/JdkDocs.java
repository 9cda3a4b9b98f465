package dev.course.engine.rag;

import dev.course.engine.chunk.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The JDK's own documentation, read from its {@code lib/src.zip}: for each public class of a few core
 * packages, one document whose text is every public member's Javadoc (first paragraph, tags dropped)
 * followed by its declaration.
 */
public final class JdkDocs {

    /** The packages read, top level only. */
    public static final List<String> PACKAGES = List.of("java/lang/", "java/util/", "java/util/stream/",
            "java/util/function/", "java/nio/file/", "java/time/");

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/\\s*([^;{]*)", Pattern.DOTALL);

    private JdkDocs() {
    }

    /** One document per public class, id {@code java.util.HashMap}; an exception naming the missing file. */
    public static List<Document> documents(Path javaHome) {
        Path zip = javaHome.resolve("lib/src.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("no JDK sources at " + zip + " (install the JDK's src.zip, e.g. the "
                    + "openjdk-25-source package)");
        }
        var documents = new ArrayList<Document>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (String pkg : PACKAGES) {
                String prefix = "java.base/" + pkg;
                List<? extends ZipEntry> entries = file.stream()
                        .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".java"))
                        .filter(e -> e.getName().indexOf('/', prefix.length()) < 0)
                        .sorted(Comparator.comparing(ZipEntry::getName)).toList();
                for (ZipEntry entry : entries) {
                    String source = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    String className = (pkg + entry.getName().substring(prefix.length())).replace('/', '.')
                            .replaceFirst("\\.java$", "");
                    String text = documentation(source);
                    if (!text.isBlank() && source.contains("public ")) {
                        documents.add(new Document(className, className, text, "jdk:" + className));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Every public declaration's Javadoc (up to its tags) and the declaration, as plain text. */
    static String documentation(String source) {
        var out = new StringBuilder();
        Matcher m = JAVADOC.matcher(source);
        while (m.find()) {
            String declaration = m.group(2).strip().replaceAll("\\s+", " ").replaceAll("@\\w+(\\([^)]*\\))? ", "");
            if (!declaration.startsWith("public ")) continue;
            var prose = new StringBuilder();
            for (String line : m.group(1).lines().toList()) {
                String l = line.strip().replaceFirst("^\\*\\s?", "");
                if (l.startsWith("@")) break;
                prose.append(l).append(' ');
            }
            String text = prose.toString().replaceAll("<[^>]+>", "").replaceAll("\\{@\\w+ ([^}]*)}", "$1")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
            if (!text.isEmpty()) {
                out.append(text).append(" (").append(declaration).append(")\n");
            }
        }
        return out.toString();
    }
}
