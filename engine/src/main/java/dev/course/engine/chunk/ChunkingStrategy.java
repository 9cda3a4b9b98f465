package dev.course.engine.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to cut documents into the pieces that get indexed: at sentence ends ({@link Chunker}), in
 * fixed windows that ignore the text ({@link FixedWindowChunker}), or not at all
 * ({@link WholeDocuments}). Every strategy keeps each chunk's document id and character span, so a
 * hit always points back into its document.
 */
public sealed interface ChunkingStrategy permits Chunker, FixedWindowChunker, ChunkingStrategy.WholeDocuments {

    /** Each document's chunks, in document order. */
    List<Chunk> chunk(Document document);

    /** A short description for tables, e.g. "sentences, at most 700 chars, 120 overlap". */
    String describe();

    default List<Chunk> chunkAll(List<Document> documents) {
        var out = new ArrayList<Chunk>();
        documents.forEach(d -> out.addAll(chunk(d)));
        return out;
    }

    /** No cutting: every document is one chunk, however long (the encoder averages its windows). */
    record WholeDocuments() implements ChunkingStrategy {

        @Override
        public List<Chunk> chunk(Document document) {
            return List.of(Chunk.whole(document));
        }

        @Override
        public String describe() {
            return "whole documents";
        }
    }

    /** The strategy that does not cut. */
    ChunkingStrategy WHOLE = new WholeDocuments();
}
