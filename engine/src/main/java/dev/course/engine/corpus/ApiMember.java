package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One part of the Java library's API as {@link JdkApiCorpus} reads it from the JDK's sources: a
 * visible type or a visible documented member, with everything the course does with it. Search,
 * RAG, training and evaluation all start from this one record, each through its own view:
 *
 * <ul>
 *   <li>{@link #document()}: what search indexes and RAG quotes: the declaration (marked
 *       {@code @Deprecated} when the member or a type around it is deprecated), then the first
 *       sentence of its Javadoc, as the API pages' summary tables show it;</li>
 *   <li>{@link #documentWithWords()}: the same with a last line that spells the names out in words
 *       ({@link #words(String)}), for keyword search over the whole JDK;</li>
 *   <li>{@link #prose()}: the whole main description and then the declaration, the text a small
 *       language model trains on.</li>
 * </ul>
 *
 * @param id          {@code java.lang.String#indexOf(String,int)}; a type's id is its qualified name
 * @param title       {@code java.lang.String › indexOf(String, int)}
 * @param signature   the declaration as written ({@code public int indexOf(String str, int fromIndex)})
 * @param summary     the first sentence of the Javadoc, plain text; may be empty for a type
 * @param description the Javadoc's main description (everything before the block tags), plain text
 * @param deprecated  true if it, or a type that encloses it, is annotated {@code @Deprecated}
 * @param url         its API page
 */
public record ApiMember(String id, String title, String signature, String summary, String description,
                        boolean deprecated, String url) {

    /** How a deprecated member's declaration starts in {@link #document()}. */
    public static final String DEPRECATED = "@Deprecated ";

    public ApiMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
    }

    /** The search document: declaration, then first sentence. */
    public Document document() {
        String declaration = (deprecated ? DEPRECATED : "") + signature;
        return new Document(id, title, summary.isEmpty() ? declaration : declaration + "\n" + summary, url);
    }

    /** {@link #document()} with the names in words on a last line, which BM25 can match. */
    public Document documentWithWords() {
        Document plain = document();
        return new Document(id, title, plain.text() + "\n" + words(id), url);
    }

    /** The main description, then the declaration: prose to train on. */
    public String prose() {
        return description.isEmpty() ? signature : description + "\n" + signature;
    }

    /**
     * The id of the type a document belongs to: {@code java.util.concurrent.CountDownLatch} for
     * {@code java.util.concurrent.CountDownLatch#await()}; a type's own id for a type.
     */
    public static String typeId(String documentId) {
        int hash = documentId.indexOf('#');
        return hash < 0 ? documentId : documentId.substring(0, hash);
    }

    /**
     * The member a document is, whatever its overload: {@code java.lang.Object#wait} for
     * {@code java.lang.Object#wait(long,int)}; a field's or a type's own id for a field or a type.
     */
    public static String memberName(String documentId) {
        int paren = documentId.indexOf('(');
        return paren < 0 ? documentId : documentId.substring(0, paren);
    }

    /** True if a search hit is a deprecated part of the API, as {@link #document()} marks it. */
    public static boolean isDeprecated(Chunk chunk) {
        return chunk.text().startsWith(DEPRECATED);
    }

    /**
     * A document's names in words. The analyzer keeps {@code java.util.concurrent.CountDownLatch}
     * as one token and {@code thenComparing} as one word, so "count down latch" or "then comparing"
     * would never match them:
     *
     * <pre>
     * java.util.concurrent.CountDownLatch#await(long,TimeUnit)
     *   → "count down latch await long time unit, in java util concurrent"
     * </pre>
     */
    public static String words(String documentId) {
        String[] typeAndMember = documentId.split("#", 2);
        var packageParts = new ArrayList<String>();
        var words = new ArrayList<String>();
        for (String part : typeAndMember[0].split("\\.")) {
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
                    if (type.length() > 1) {
                        words.add(split(type));
                    }
                }
            }
        }
        String inWords = String.join(" ", words).replaceAll("\\s+", " ").strip();
        return packageParts.isEmpty() ? inWords : inWords + ", in " + String.join(" ", packageParts);
    }

    /** {@code CountDownLatch} → {@code count down latch}; {@code MAX_VALUE} → {@code max value}; {@code URLEncoder} → {@code url encoder}. */
    static String split(String name) {
        return name.replace('_', ' ')
                .replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ")
                .toLowerCase(Locale.ROOT).strip();
    }

    /** The documents of {@code members}, with or without their names in words. */
    static List<Document> documents(List<ApiMember> members, boolean withWords) {
        return members.stream().map(withWords ? ApiMember::documentWithWords : ApiMember::document).toList();
    }
}
