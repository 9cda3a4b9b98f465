package dev.course.engine.rag.eval;

import dev.course.engine.chunk.Document;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.rag.Answer;
import dev.course.engine.rag.Answerer;
import dev.course.engine.rag.GroundingPrompt;
import dev.course.engine.rag.Passage;
import dev.course.engine.rag.RagPipeline;
import dev.course.engine.rag.RagResult;
import dev.course.engine.table.Table;
import dev.course.engine.tokenize.WordPieceTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Long context against retrieval, measured: for each question, the "long context" answerer is given
 * every document of the source (as a model with a huge context window would be), the RAG pipeline only
 * what it retrieved. Both prompts are counted in tokens, both runs are timed, and both answers judged.
 * Tokens are counted with the embedding model's WordPiece tokenizer, close to what an LLM's tokenizer
 * gives for English prose. The time is that of the same answerer over each context, so it shows how
 * processing cost follows context size; with a language model, prompt processing grows the same way.
 */
public final class LongContextComparison {

    private LongContextComparison() {
    }

    /**
     * One question, both ways.
     *
     * @param question    the question
     * @param ragTokens   tokens of the grounding prompt with the retrieved passages
     * @param longTokens  tokens of the grounding prompt with every document
     * @param ragMillis   time for retrieval and answering
     * @param longMillis  time for answering over everything
     * @param ragAnswered whether the RAG answer contains the answer
     * @param longAnswered whether the long-context answer does
     */
    public record Row(RagQuestion question, int ragTokens, int longTokens, double ragMillis, double longMillis,
                      boolean ragAnswered, boolean longAnswered) {
    }

    /** All rows, with means. */
    public record Report(List<Row> rows) implements Renderable {

        public Report {
            rows = List.copyOf(rows);
        }

        public double meanRagTokens() {
            return rows.stream().mapToInt(Row::ragTokens).average().orElse(0);
        }

        public double meanLongTokens() {
            return rows.stream().mapToInt(Row::longTokens).average().orElse(0);
        }

        public double meanRagMillis() {
            return rows.stream().mapToDouble(Row::ragMillis).average().orElse(0);
        }

        public double meanLongMillis() {
            return rows.stream().mapToDouble(Row::longMillis).average().orElse(0);
        }

        public Table table() {
            var out = new ArrayList<List<String>>();
            for (Row r : rows) {
                out.add(List.of(r.question().id(), String.valueOf(r.ragTokens()), String.valueOf(r.longTokens()),
                        String.format(Locale.ROOT, "%.0f", r.ragMillis()), String.format(Locale.ROOT, "%.0f", r.longMillis()),
                        r.ragAnswered() ? "✔" : "✘", r.longAnswered() ? "✔" : "✘"));
            }
            String caption = String.format(Locale.ROOT, "means: RAG %.0f tokens in %.0f ms, long context %.0f tokens in %.0f ms "
                    + "(%.0fx the tokens)", meanRagTokens(), meanRagMillis(), meanLongTokens(), meanLongMillis(),
                    meanLongTokens() / Math.max(1, meanRagTokens()));
            return new Table(caption, List.of("id", "RAG tokens", "long-context tokens", "RAG ms", "long-context ms",
                    "RAG answer", "long-context answer"), out);
        }

        @Override
        public MimeBundle render() {
            return table().render();
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }

    /**
     * Compares on {@code questions} (answerable ones): {@code pipeline} against {@code answerer} given all
     * of {@code documents}.
     */
    public static Report run(RagPipeline pipeline, List<Document> documents, Answerer answerer,
                             WordPieceTokenizer tokenizer, List<RagQuestion> questions) {
        var everything = new ArrayList<Passage>();
        for (Document d : documents) {
            everything.add(new Passage(everything.size() + 1, d.id(), d.title(), d.text(), "all"));
        }
        var rows = new ArrayList<Row>();
        for (RagQuestion q : questions) {
            if (!q.answerable()) continue;
            RagResult rag = pipeline.ask(q.question());
            long start = System.nanoTime();
            Answer whole = answerer.answer(q.question(), everything);
            double longMillis = (System.nanoTime() - start) / 1e6;
            rows.add(new Row(q, tokens(tokenizer, GroundingPrompt.text(q.question(), rag.sources())),
                    tokens(tokenizer, GroundingPrompt.text(q.question(), everything)), rag.millis(), longMillis,
                    !rag.answer().abstained() && q.isAnsweredBy(rag.answer().text()),
                    !whole.abstained() && q.isAnsweredBy(whole.text())));
        }
        return new Report(rows);
    }

    /** Tokens in {@code text} (WordPiece, without special tokens). */
    static int tokens(WordPieceTokenizer tokenizer, String text) {
        return tokenizer.tokenize(text).size();
    }
}
