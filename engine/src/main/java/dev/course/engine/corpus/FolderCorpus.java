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
import java.util.stream.Stream;

/**
 * Any folder of notes: every {@code .md} and {@code .markdown} file (one document per section, see
 * {@link MarkdownSections}) and every {@code .txt} file (one document) below it, in path order,
 * skipping hidden files and folders. Document ids are paths relative to the folder, so they stay
 * the same wherever the folder is moved.
 *
 * @param dir the folder
 */
public record FolderCorpus(Path dir) implements CorpusSource {

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

    @Override
    public List<Document> documents(Progress progress) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !isHidden(dir.relativize(p)))
                    .filter(p -> p.toString().matches("(?i).*\\.(md|markdown|txt)$"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        var documents = new ArrayList<Document>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String relative = dir.relativize(file).toString().replace('\\', '/');
            String text = read(file);
            String fileName = file.getFileName().toString();
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".txt")) {
                if (!text.isBlank()) {
                    documents.add(new Document(relative, fileName.substring(0, fileName.length() - 4), text.strip(),
                            file.toString()));
                }
            } else {
                documents.addAll(MarkdownSections.split(text, relative, fileName.replaceFirst("\\.[^.]+$", ""),
                        file.toString()));
            }
            progress.update("reading " + dir.getFileName(), i + 1, files.size());
        }
        return documents;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
