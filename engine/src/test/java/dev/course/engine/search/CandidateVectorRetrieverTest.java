package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.ApiMember;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Candidates scored by a stored vector: their own, or their type's; only the query is embedded. */
class CandidateVectorRetrieverTest {

    private static final String LATCH = "java.util.concurrent.CountDownLatch";
    private static final String QUERY = "wait until several threads have finished";

    private static final List<Document> DOCUMENTS = List.of(
            new Document(LATCH, LATCH, "public class CountDownLatch\nA synchronization aid that allows one or more"
                    + " threads to wait until a set of operations being performed in other threads completes.", "u"),
            new Document(LATCH + "#await()", LATCH + " › await()", "public void await()\nCauses the current thread"
                    + " to wait until the latch has counted down to zero.", "u"),
            new Document("java.lang.Object#wait()", "java.lang.Object › wait()", "public final void wait()\nCauses the"
                    + " current thread to wait until it is awakened.", "u"),
            new Document("javax.swing.Timer#stop()", "javax.swing.Timer › stop()", "public void stop()\nStops the"
                    + " timer, causing it to stop sending action events to its listeners.", "u"));

    @Test
    void everyCandidateGetsItsOwnCosineAndAMemberItsTypes() throws Exception {
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(DOCUMENTS.stream().map(Chunk::whole).toList(), model)) {
            float[] query = model.embedQuery(QUERY);
            float[][] vectors = index.vectors();
            var keywords = new Bm25Retriever(index);

            SearchResults own = CandidateVectorRetriever.own(keywords, index, model).search(QUERY, 10);
            assertEquals(keywords.search(QUERY, 10).size(), own.size(), "the same candidates, none added or lost");
            for (Hit hit : own.hits()) {
                assertEquals(VectorUtil.dotProduct(query, vectors[hit.luceneDoc()]), hit.score(), 1e-6, hit.toString());
            }
            for (int i = 1; i < own.size(); i++) {
                assertTrue(own.get(i - 1).score() >= own.get(i).score(), "best first: " + own.hits());
            }

            int latch = index.firstChunkOf(LATCH);
            assertEquals(LATCH, index.chunk(latch).documentId());
            assertEquals(-1, index.firstChunkOf("java.lang.Object"), "no document of that id");
            var byType = CandidateVectorRetriever.of(keywords, index, model,
                    hit -> index.firstChunkOf(ApiMember.typeId(hit.chunk().documentId())), "type");
            SearchResults types = byType.search(QUERY, 10);
            for (Hit hit : types.hits()) {
                int expected = hit.chunk().documentId().startsWith(LATCH) ? latch : hit.luceneDoc();
                assertEquals(VectorUtil.dotProduct(query, vectors[expected]), hit.score(), 1e-6,
                        "a member is scored by its type's vector, a member of a type not indexed by its own: " + hit);
            }
            assertEquals("type(bm25)", byType.name());
        }
    }
}
