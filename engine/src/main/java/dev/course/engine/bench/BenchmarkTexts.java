package dev.course.engine.bench;

import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.List;

/** Real sentences to benchmark with, cut out of a document collection. */
public final class BenchmarkTexts {

    /** Sentences shorter than this (in characters) are skipped: fragments, not sentences. */
    public static final int MIN_SENTENCE_CHARS = 20;

    private BenchmarkTexts() {
    }

    /** Up to {@code limit} sentences from the documents' texts, in document order. */
    public static List<String> sentences(List<Document> documents, int limit) {
        var out = new ArrayList<String>();
        for (Document d : documents) {
            for (String s : d.text().split("(?<=[.!?])\\s+")) {
                if (s.length() >= MIN_SENTENCE_CHARS) {
                    out.add(s.trim());
                    if (out.size() == limit) {
                        return out;
                    }
                }
            }
        }
        return out;
    }
}
