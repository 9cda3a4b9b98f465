package dev.course.engine.corpus;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.IndexTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ReferenceTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.SummaryTree;
import com.sun.source.doctree.SystemPropertyTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.ValueTree;

import java.util.List;
import java.util.Map;

/**
 * A Javadoc comment (javac's {@link DocCommentTree}) as plain text, the way a reader of the API pages sees it:
 * {@code {@code x}} and {@code {@literal x}} become {@code x}, a {@code {@link List#add(Object) add}}
 * becomes its label (or {@code List.add(Object)} without one), HTML tags disappear, entities are
 * decoded, {@code {@return x}} reads "Returns x", and {@code {@inheritDoc}} contributes nothing (so a comment that only inherits has no
 * sentence of its own).
 *
 * <p>The first sentence is what Javadoc itself shows in its summary tables: the shortest description
 * of a member that its authors wrote. It is what a search for "what does this do" should match.
 */
public final class JavadocText {

    private static final Map<String, String> ENTITIES = Map.of(
            "lt", "<", "gt", ">", "amp", "&", "quot", "\"", "apos", "'", "nbsp", " ", "mdash", "—", "ndash", "–");

    private JavadocText() {
    }

    /** The comment's first sentence, one line of plain text; empty when there is none. */
    public static String firstSentence(DocCommentTree comment) {
        if (comment == null) {
            return "";
        }
        var out = new StringBuilder();
        append(out, comment.getFirstSentence());
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * The comment's main description (everything before its block tags such as {@code @param}),
     * one line of plain text; empty when there is none.
     */
    public static String mainDescription(DocCommentTree comment) {
        if (comment == null) {
            return "";
        }
        var out = new StringBuilder();
        append(out, comment.getFullBody());
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    private static void append(StringBuilder out, List<? extends DocTree> trees) {
        for (DocTree tree : trees) {
            append(out, tree);
        }
    }

    private static void append(StringBuilder out, DocTree tree) {
        switch (tree) {
            case TextTree text -> out.append(text.getBody());
            case LiteralTree literal -> out.append(literal.getBody().getBody());
            case LinkTree link -> {
                if (link.getLabel().isEmpty()) {
                    out.append(reference(link.getReference()));
                } else {
                    append(out, link.getLabel());
                }
            }
            case EntityTree entity -> out.append(entity(entity.getName().toString()));
            case SummaryTree summary -> append(out, summary.getSummary());
            case ReturnTree returns -> {
                // {@return the length} reads "Returns the length." on the API page.
                out.append("Returns ");
                append(out, returns.getDescription());
            }
            case IndexTree index -> append(out, index.getSearchTerm());
            case SystemPropertyTree property -> out.append(property.getPropertyName());
            case ValueTree value -> out.append(value.getReference() == null ? "" : reference(value.getReference()));
            default -> {
                // HTML start and end tags, {@inheritDoc}, {@docRoot}, comments, unknown tags: no text.
                if (tree.getKind() == DocTree.Kind.START_ELEMENT && out.length() > 0) {
                    out.append(' ');
                }
            }
        }
    }

    /** {@code List#add(Object)} as Javadoc shows it: {@code List.add(Object)}; {@code #size()} as {@code size()}. */
    static String reference(ReferenceTree reference) {
        String signature = reference.getSignature();
        if (signature.startsWith("#")) {
            return signature.substring(1);
        }
        return signature.replace('#', '.');
    }

    static String entity(String name) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return Character.toString(Integer.parseInt(name.substring(2), 16));
        }
        if (name.startsWith("#")) {
            return Character.toString(Integer.parseInt(name.substring(1)));
        }
        return ENTITIES.getOrDefault(name, "&" + name + ";");
    }
}
