package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JDK document's names in words, for keyword search. The analyzer keeps
 * {@code java.util.concurrent.CountDownLatch} as one token and {@code thenComparing} as one word, so
 * "count down latch" or "then comparing" never match them; this class spells the names out:
 *
 * <pre>
 * java.util.concurrent.CountDownLatch#await(long,TimeUnit)
 *   → "count down latch await long time unit, in java util concurrent"
 * </pre>
 *
 * The words are added to the text that BM25 indexes ({@link #withWords(Document)}); the title and
 * the text a learner reads stay as they are.
 */
public final class ApiWords {

    private ApiWords() {
    }

    /** The words of {@code documentId}: its type's and member's names split, its parameter types, its package. */
    public static String of(String documentId) {
        String[] typeAndMember = documentId.split("#", 2);
        List<String> typeParts = List.of(typeAndMember[0].split("\\."));
        var packageParts = new ArrayList<String>();
        var words = new ArrayList<String>();
        for (String part : typeParts) {
            if (words.isEmpty() && !part.isEmpty() && Character.isLowerCase(part.charAt(0))) {
                packageParts.add(part);
            } else {
                words.add(split(part));
            }
        }
        if (typeAndMember.length == 2) {
            String member = typeAndMember[1];
            int paren = member.indexOf('(');
            words.add(split(paren < 0 ? member : member.substring(0, paren)));
            if (paren >= 0) {
                for (String type : member.substring(paren + 1).split("[^A-Za-z0-9]+")) {
                    if (!type.isEmpty() && type.length() > 1) {
                        words.add(split(type));
                    }
                }
            }
        }
        String inWords = String.join(" ", words).replaceAll("\\s+", " ").strip();
        return packageParts.isEmpty() ? inWords : inWords + ", in " + String.join(" ", packageParts);
    }

    /** {@code document} with its names in words on a last line of its text. */
    public static Document withWords(Document document) {
        return new Document(document.id(), document.title(), document.text() + "\n" + of(document.id()), document.source());
    }

    /** {@code CountDownLatch} → {@code count down latch}; {@code MAX_VALUE} → {@code max value}; {@code URLEncoder} → {@code url encoder}. */
    static String split(String name) {
        return name.replace('_', ' ')
                .replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ")
                .toLowerCase(Locale.ROOT).strip();
    }
}
