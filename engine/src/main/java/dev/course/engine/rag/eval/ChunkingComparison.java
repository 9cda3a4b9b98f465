package dev.course.engine.rag.eval;

import dev.course.engine.chunk.Chunker;
import dev.course.engine.chunk.ChunkingStrategy;
import dev.course.engine.chunk.FixedWindowChunker;
import dev.course.engine.chunk.Document;
import dev.course.engine.display.BarChart;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.rag.GroundingPrompt;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.rag.Passage;
import dev.course.engine.rag.RagPipeline;
import dev.course.engine.rag.RagResult;
import dev.course.engine.rag.Sources;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ways of chunking the same documents, compared on the same questions: each strategy gets its own
 * index and the same offline RAG pipeline, and every answerable question is asked of each. Three
 * numbers say what chunking changes: whether the retrieved passages contain the answer at all
 * (retrieval's share of the work), whether the answer does (coverage, the whole pipeline's), and how
 * many tokens the grounding prompt carries (what a language model would have to read).
 */
public final class ChunkingComparison {

    /**
     * The strategies the course compares: no cutting (each lesson section whole), the course's own
     * chunker ({@link Sources#CHUNKER}), small chunks at sentence ends, and windows of the same small
     * size cut anywhere.
     */
    public static final List<ChunkingStrategy> COURSE_STRATEGIES = List.of(ChunkingStrategy.WHOLE, Sources.CHUNKER,
            new Chunker(300, 0), new FixedWindowChunker(300, 0));

    private ChunkingComparison() {
    }

    /**
     * One strategy's numbers.
     *
     * @param strategy          its description
     * @param chunks            how many chunks it made
     * @param answerInContext   the share of questions whose retrieved passages contain an answer phrase
     * @param coverage          the share whose answer contains one
     * @param citationPrecision the share of citations that point at a passage containing one
     * @param promptTokens      mean tokens of the grounding prompt (WordPiece, as in {@link LongContextComparison})
     * @param millisPerQuestion mean time to retrieve and answer
     */
    public record Row(String strategy, int chunks, double answerInContext, double coverage, double citationPrecision,
                      double promptTokens, double millisPerQuestion) {
    }

    /** The rows, as a table and two charts. */
    public record Report(int questions, List<Row> rows) implements Renderable {

        public Report {
            rows = List.copyOf(rows);
        }

        public Row row(String strategy) {
            return rows.stream().filter(r -> r.strategy().equals(strategy)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no strategy '" + strategy + "' in " + rows));
        }

        public Table table() {
            boolean answered = answered(rows);
            var out = new ArrayList<List<String>>();
            for (Row r : rows) {
                var cells = new ArrayList<>(List.of(r.strategy(), String.valueOf(r.chunks()), f3(r.answerInContext())));
                if (answered) {
                    cells.add(f3(r.coverage()));
                    cells.add(f3(r.citationPrecision()));
                }
                cells.add(String.format(Locale.ROOT, "%.0f", r.promptTokens()));
                cells.add(String.format(Locale.ROOT, "%.0f", r.millisPerQuestion()));
                out.add(cells);
            }
            List<String> header = answered
                    ? List.of("chunking", "chunks", "answer in context", "coverage", "citation precision", "prompt tokens", "ms / question")
                    : List.of("chunking", "chunks", "answer in context", "prompt tokens", "ms / search");
            return new Table(questions + " answerable questions", header, out);
        }

        /** Answer in context and coverage per strategy, on one axis from 0 to 1. */
        public BarChart qualityChart() {
            List<String> names = rows.stream().map(Row::strategy).toList();
            var series = new ArrayList<BarChart.Series>();
            series.add(new BarChart.Series("answer in context", rows.stream().map(Row::answerInContext).toList()));
            if (answered(rows)) {
                series.add(new BarChart.Series("coverage", rows.stream().map(Row::coverage).toList()));
            }
            return new BarChart("What reaches the answer (share of questions)", names, series, 1.0, "%.3f");
        }

        /** Prompt tokens per strategy: the price of what the quality chart shows. */
        public BarChart costChart() {
            List<String> names = rows.stream().map(Row::strategy).toList();
            double max = rows.stream().mapToDouble(Row::promptTokens).max().orElse(1);
            return new BarChart("What it costs (tokens in the grounding prompt)", names, List.of(
                    new BarChart.Series("prompt tokens", rows.stream().map(Row::promptTokens).toList())), max * 1.15, "%.0f");
        }

        @Override
        public MimeBundle render() {
            return MimeBundle.html("<div>" + qualityChart().svg() + "</div><div>" + costChart().svg() + "</div>"
                    + table().toHtml(), toString());
        }

        @Override
        public String toString() {
            return table().toString();
        }

        /** Whether the questions were answered (not only searched). */
        private static boolean answered(List<Row> rows) {
            return rows.stream().noneMatch(r -> Double.isNaN(r.coverage()));
        }

        private static String f3(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
        }
    }

    /**
     * Retrieval only: each strategy over {@code documents}, every answerable question of {@code questions}
     * searched but not answered (coverage and citation precision are NaN). Seconds instead of minutes,
     * since answering is most of a question's time.
     */
    public static Report retrieval(List<Document> documents, List<ChunkingStrategy> strategies, EmbeddingModel model,
                                   List<RagQuestion> questions) {
        return run(documents, strategies, model, questions, false);
    }

    /** Each strategy over {@code documents}, asked every answerable question of {@code questions}. */
    public static Report run(List<Document> documents, List<ChunkingStrategy> strategies, EmbeddingModel model,
                             List<RagQuestion> questions) {
        return run(documents, strategies, model, questions, true);
    }

    private static Report run(List<Document> documents, List<ChunkingStrategy> strategies, EmbeddingModel model,
                              List<RagQuestion> questions, boolean answer) {
        List<RagQuestion> answerable = questions.stream().filter(RagQuestion::answerable).toList();
        if (answerable.isEmpty() || strategies.isEmpty()) {
            throw new IllegalArgumentException("need at least one strategy and one answerable question");
        }
        var rows = new ArrayList<Row>();
        for (ChunkingStrategy strategy : strategies) {
            KnowledgeSource source = Sources.of("documents", "the documents being compared", documents, model, strategy);
            RagPipeline pipeline = RagPipeline.offline(model, source);
            int inContext = 0, answered = 0, citations = 0, goodCitations = 0;
            long tokens = 0;
            double millis = 0;
            for (RagQuestion q : answerable) {
                long start = System.nanoTime();
                List<Passage> passages;
                if (answer) {
                    RagResult result = pipeline.ask(q.question());
                    RagEvaluation.Row judged = RagEvaluation.judge(q, result);
                    if (judged.answered()) answered++;
                    citations += judged.citations();
                    goodCitations += judged.goodCitations();
                    passages = result.sources();
                } else {
                    passages = pipeline.retrieve(q.question());
                }
                millis += (System.nanoTime() - start) / 1e6;
                if (passages.stream().anyMatch(p -> q.isAnsweredBy(p.text()))) inContext++;
                tokens += LongContextComparison.tokens(model.tokenizer(), GroundingPrompt.text(q.question(), passages));
            }
            int n = answerable.size();
            rows.add(new Row(strategy.describe(), source.passages(), (double) inContext / n,
                    answer ? (double) answered / n : Double.NaN,
                    !answer ? Double.NaN : citations == 0 ? 0 : (double) goodCitations / citations, (double) tokens / n, millis / n));
        }
        return new Report(answerable.size(), rows);
    }
}
