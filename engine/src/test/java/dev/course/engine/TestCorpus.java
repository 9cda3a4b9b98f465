package dev.course.engine;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;

import java.util.List;

/** A few dozen short documents written for the tests, on topics far enough apart to rank clearly. */
public final class TestCorpus {

    private TestCorpus() {
    }

    public static final List<Document> DOCUMENTS = List.of(
            doc("cat", "Cats", "The cat sat on the warm windowsill and purred at the birds outside."),
            doc("dog", "Dogs", "Dogs are loyal companions that need daily walks and plenty of exercise."),
            doc("kitten", "Kittens", "A young feline sleeps most of the day and plays with yarn when awake."),
            doc("bm25", "BM25", "BM25 ranks documents by term frequency, inverse document frequency and document length."),
            doc("tfidf", "TF-IDF", "Term frequency times inverse document frequency weighs words that are rare in the collection."),
            doc("hnsw", "HNSW graphs", "Hierarchical navigable small world graphs find approximate nearest neighbours quickly."),
            doc("embeddings", "Embeddings", "Sentence embeddings map texts to vectors so that similar meanings end up close together."),
            doc("rerank", "Reranking", "A cross-encoder reads the query and a passage together and scores their relevance."),
            doc("rag", "RAG", "Retrieval-augmented generation puts retrieved passages into the prompt of a language model."),
            doc("transformer", "Transformers", "Self-attention lets every token look at every other token in the sequence."),
            doc("tokenizer", "Tokenizers", "WordPiece splits rare words into known subword pieces marked with two hashes."),
            doc("paris", "Paris", "Paris is the capital of France and home to the Eiffel Tower."),
            doc("berlin", "Berlin", "Berlin is the capital of Germany, famous for its wall and museums."),
            doc("tokyo", "Tokyo", "Tokyo is the capital of Japan and one of the largest cities in the world."),
            doc("bread", "Bread", "Bake the bread at a high temperature until the crust is golden brown."),
            doc("pasta", "Pasta", "Boil the pasta in salted water and drain it while it is still firm."),
            doc("coffee", "Coffee", "Espresso is brewed by forcing hot water through finely ground coffee beans."),
            doc("tea", "Tea", "Green tea leaves are steamed or pan-fired to stop oxidation."),
            doc("rain", "Weather", "Heavy rain and strong winds are expected along the coast tomorrow."),
            doc("sun", "Summer", "The summer heat wave brought record temperatures and clear skies."),
            doc("football", "Football", "The striker scored twice in the second half to win the match."),
            doc("chess", "Chess", "The grandmaster sacrificed her queen to force checkmate in three moves."),
            doc("piano", "Piano", "She practised the piano sonata every evening before the concert."),
            doc("guitar", "Guitar", "Tuning the guitar strings correctly makes the chords sound clean."),
            doc("mars", "Mars", "The rover collected rock samples from an ancient river delta on Mars."),
            doc("moon", "Moon", "Astronauts first walked on the Moon in 1969 during the Apollo 11 mission."),
            doc("vaccine", "Vaccines", "Vaccines train the immune system to recognise a virus before infection."),
            doc("sleep", "Sleep", "Adults need seven to nine hours of sleep each night to stay healthy."),
            doc("stock", "Markets", "Stock markets fell sharply after the central bank raised interest rates."),
            doc("bitcoin", "Bitcoin", "Bitcoin transactions are recorded on a public blockchain ledger."));

    private static Document doc(String id, String title, String text) {
        return new Document(id, title, text, "test-corpus");
    }

    public static List<Chunk> chunks() {
        return DOCUMENTS.stream().map(Chunk::whole).toList();
    }
}
