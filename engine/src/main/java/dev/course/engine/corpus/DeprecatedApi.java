package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deprecated part of the JDK corpus: documents whose declaration {@link ApiScanner} marked
 * {@code @Deprecated}, and every member of a deprecated type (an applet's methods are not marked one
 * by one, yet nobody should be sent to them). Search demotes them: a question about today's Java
 * should not be answered with {@code Thread#stop()} or {@code java.util.Date#getYear()}.
 */
public final class DeprecatedApi {

    private static final String MARK = "@Deprecated";

    private final Set<String> deprecated;

    private DeprecatedApi(Set<String> deprecated) {
        this.deprecated = Set.copyOf(deprecated);
    }

    /** Reads the marks of {@code documents}, documents of {@link JdkApiCorpus}. */
    public static DeprecatedApi of(List<Document> documents) {
        var marked = new HashSet<String>();
        for (Document d : documents) {
            if (d.text().startsWith(MARK)) {
                marked.add(d.id());
            }
        }
        return new DeprecatedApi(marked);
    }

    /** True if the document, or the type it belongs to (or any type enclosing that), is deprecated. */
    public boolean contains(String documentId) {
        if (deprecated.contains(documentId)) {
            return true;
        }
        String type = documentId.split("#", 2)[0];
        while (true) {
            if (deprecated.contains(type)) {
                return true;
            }
            // The enclosing type, if this one is nested: java.util.Map for java.util.Map.Entry.
            int dot = type.lastIndexOf('.');
            String outer = dot < 0 ? "" : type.substring(0, dot);
            String outerSimple = outer.substring(outer.lastIndexOf('.') + 1);
            if (outerSimple.isEmpty() || !Character.isUpperCase(outerSimple.charAt(0))) {
                return false;
            }
            type = outer;
        }
    }

    /** How many documents carry the mark themselves. */
    public int marked() {
        return deprecated.size();
    }
}
