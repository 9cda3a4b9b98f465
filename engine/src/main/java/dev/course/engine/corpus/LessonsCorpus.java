package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's own lessons, one document per section, read from the class path where the
 * application packages them ({@code course/index.txt} lists the files, {@code course/TRACK/NN-slug.md}).
 * Reading resources by name keeps the engine free of a dependency on the lessons module. Ids are
 * {@code track/slug#section}, sources the lesson's URL in the course, {@code /learn/track/slug#section}.
 * Exercise solutions, checks and hidden set-up cells are left out.
 */
public record LessonsCorpus() implements CorpusSource {

    static final String INDEX = "course/index.txt";

    @Override
    public String name() {
        return "lessons";
    }

    /** True when the packaged lessons are on the class path (in the course application and its kernels). */
    public static boolean available() {
        return resource(INDEX) != null;
    }

    @Override
    public List<Document> documents(Progress progress) {
        String index = resource(INDEX);
        if (index == null) {
            throw new IllegalStateException("the lessons are not on the class path (" + INDEX + " is missing): run from"
                    + " the course application (./course), or index the lesson folder instead: --corpus lessons/content");
        }
        List<String> files = index.lines().map(String::strip).filter(s -> s.endsWith(".md")).toList();
        var documents = new ArrayList<Document>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            String markdown = resource("course/" + file);
            if (markdown != null) {
                String path = file.substring(0, file.length() - ".md".length()).replaceFirst("/\\d+-", "/");
                documents.addAll(MarkdownSections.split(markdown, path, path, "/learn/" + path));
            }
            progress.update("reading lessons", i + 1, files.size());
        }
        return documents;
    }

    private static String resource(String name) {
        try (InputStream in = LessonsCorpus.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
