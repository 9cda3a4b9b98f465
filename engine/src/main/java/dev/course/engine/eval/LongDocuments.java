package dev.course.engine.eval;

import dev.course.engine.chunk.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A long-document test collection made from a short-document one, for checking how a pipeline copes
 * with length when no judged collection of long documents is at hand.
 *
 * <p>Every {@code perDocument} consecutive documents (in the collection's order) become one
 * document: its id is {@code "long-" + the first part's id}, its title the first part's title, its
 * text the parts' titles and texts one after the other, separated by blank lines. A long document's
 * gain for a query is the highest gain of its parts, so it is relevant when any part is, just as a
 * long abstract or article is relevant when some paragraph answers. The queries are unchanged.
 *
 * <p>Why it tests something: most of a relevant long document is now text about something else,
 * so length normalisation, how repeated query terms count and whether a few matching paragraphs
 * can lift the whole document all start to matter, as they do in collections of long abstracts.
 */
public final class LongDocuments {

    private LongDocuments() {
    }

    /** {@code data} with every {@code perDocument} consecutive documents joined into one. */
    public static Dataset concatenate(Dataset data, int perDocument) {
        Objects.requireNonNull(data, "data");
        if (perDocument < 2) {
            throw new IllegalArgumentException("perDocument must be >= 2 to make documents longer, got " + perDocument);
        }
        var documents = new ArrayList<Document>();
        var longIdOf = new HashMap<String, String>();
        List<Document> parts = data.documents();
        for (int start = 0; start < parts.size(); start += perDocument) {
            List<Document> group = parts.subList(start, Math.min(parts.size(), start + perDocument));
            String id = "long-" + group.getFirst().id();
            var text = new StringBuilder();
            for (Document part : group) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(part.title().isEmpty() ? part.text() : part.title() + "\n" + part.text());
                longIdOf.put(part.id(), id);
            }
            documents.add(new Document(id, group.getFirst().title(), text.toString(), group.getFirst().source()));
        }
        var gains = new LinkedHashMap<String, Map<String, Integer>>();
        data.qrels().gains().forEach((query, judged) -> {
            var merged = new HashMap<String, Integer>();
            judged.forEach((documentId, gain) -> {
                String longId = longIdOf.get(documentId);
                if (longId != null) {
                    merged.merge(longId, gain, Math::max);
                }
            });
            gains.put(query, merged);
        });
        return new Dataset(data.name() + "-long" + perDocument, documents, data.queries(), new Qrels(gains));
    }
}
