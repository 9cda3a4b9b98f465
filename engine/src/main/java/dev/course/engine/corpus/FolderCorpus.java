package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Any folder of notes, the one folder reader of the course: {@code ./course index --corpus DIR},
 * {@code ./course search}, {@code ./course ask --source DIR} and {@code ./course train --corpus DIR}
 * all read the same files. Those are the {@linkplain #FILE_TYPES Markdown, text and Java files} below
 * the folder, in path order, skipping hidden files and folders and files over
 * {@value #MAX_FILE_BYTES} bytes. Markdown becomes one document per section ({@link MarkdownSections},
 * prose and visible code); a text or Java file is one document. Document ids are paths relative to
 * the folder, so they stay the same wherever the folder is moved.
 *
 * @param dir the folder
 */
public record FolderCorpus(Path dir) implements CorpusSource {

    /** The file name endings read, lower case. */
    public static final Set<String> FILE_TYPES = Set.of("md", "markdown", "txt", "java");
    /** Larger files are skipped: a log or a data dump is not a note. */
    public static final long MAX_FILE_BYTES = 1_000_000;

    public FolderCorpus {
        Objects.requireNonNull(dir, "dir");
        dir = dir.toAbsolutePath().normalize();
    }

    /** The folder's name and a short hash of its full path, so two "notes" folders do not share an index. */
    @Override
    public String name() {
        String base = dir.getFileName() == null ? "root" : dir.getFileName().toString();
        base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        int hash = dir.toString().hashCode();
        return base + "-" + HexFormat.of().toHexDigits(hash);
    }

    /**
     * The files read, in path order.
     *
     * @throws IllegalArgumentException when the folder does not exist
     */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .filter(p -> FILE_TYPES.contains(extension(p)))
                    .filter(p -> size(p) <= MAX_FILE_BYTES)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public List<Document> documents(Progress progress) {
        List<Path> files = files();
        var documents = new ArrayList<Document>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String relative = dir.relativize(file).toString().replace('\\', '/');
            String text = read(file);
            String fileName = file.getFileName().toString();
            String baseName = fileName.replaceFirst("\\.[^.]+$", "");
            if (extension(file).startsWith("m")) {
                documents.addAll(MarkdownSections.read(text).documents(relative, baseName, file.toString(), false));
            } else if (!text.isBlank()) {
                documents.add(new Document(relative, extension(file).equals("java") ? fileName : baseName, text.strip(),
                        file.toString()));
            }
            progress.update("reading " + dir.getFileName(), i + 1, files.size());
        }
        return documents;
    }

    /** A file's text, read as UTF-8. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
