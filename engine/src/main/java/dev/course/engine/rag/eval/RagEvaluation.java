package dev.course.engine.rag.eval;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.rag.Citation;
import dev.course.engine.rag.Passage;
import dev.course.engine.rag.RagPipeline;
import dev.course.engine.rag.RagResult;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs a pipeline over a question set and measures what matters for trust:
 *
 * <ul>
 *   <li><b>citation precision</b>: of all citations in answers to answerable questions, the share whose
 *       cited passage contains the answer;</li>
 *   <li><b>coverage</b>: the share of answerable questions whose answer contains the answer;</li>
 *   <li><b>abstention accuracy</b>: the share of all questions where the system abstained exactly when
 *       it should (on the unanswerable ones);</li>
 *   <li><b>passage recall</b>: the share of answerable questions whose answering section was among the
 *       passages given to the answerer (a retrieval measure: no answerer can cite what it was not given);</li>
 *   <li><b>grounded</b>: the share of all answers that passed every {@code GroundingChecks} check.</li>
 * </ul>
 */
public final class RagEvaluation {

    private RagEvaluation() {
    }

    /**
     * One question's outcome.
     *
     * @param question        the question
     * @param abstained       whether the system abstained
     * @param answered        whether the answer contains an answer phrase
     * @param citations       how many citations
     * @param goodCitations   how many cite a passage containing an answer phrase
     * @param passageFound    whether the answering section was among the sources
     * @param grounded        whether every grounding check passed
     * @param answer          the answer text
     * @param trace           the pipeline's trace for this question ({@link RagResult#trace()}), to read when it went wrong
     * @param millis          time for this question
     */
    public record Row(RagQuestion question, boolean abstained, boolean answered, int citations, int goodCitations,
                      boolean passageFound, boolean grounded, String answer, String trace, double millis) {

        /** Whether abstaining (or not) was right. */
        public boolean abstentionCorrect() {
            return abstained != question.answerable();
        }

        /**
         * Whether anything about this question lowered a metric: the wrong abstention decision, an answer
         * without an answer phrase, a citation of a passage without one, or a failed check. These are the
         * rows worth reading the trace of.
         */
        public boolean wentWrong() {
            return !abstentionCorrect() || !grounded
                    || (question.answerable() && !abstained && (!answered || goodCitations < citations));
        }
    }

    /** All rows and the metrics over them. */
    public record Report(String answerer, List<Row> rows) implements Renderable {

        public Report {
            rows = List.copyOf(rows);
        }

        private List<Row> answerable() {
            return rows.stream().filter(r -> r.question().answerable()).toList();
        }

        public double citationPrecision() {
            int all = answerable().stream().mapToInt(Row::citations).sum();
            return all == 0 ? 0 : answerable().stream().mapToInt(Row::goodCitations).sum() / (double) all;
        }

        public double coverage() {
            return share(answerable(), Row::answered);
        }

        public double abstentionAccuracy() {
            return share(rows, Row::abstentionCorrect);
        }

        public double passageRecall() {
            return share(answerable(), Row::passageFound);
        }

        public double groundedShare() {
            return share(rows, Row::grounded);
        }

        public double meanMillis() {
            return rows.stream().mapToDouble(Row::millis).average().orElse(0);
        }

        private static double share(List<Row> rows, java.util.function.Predicate<Row> p) {
            return rows.isEmpty() ? 0 : rows.stream().filter(p).count() / (double) rows.size();
        }

        /** The metrics in one line. */
        public String summary() {
            return String.format(Locale.ROOT, "%d questions (%d answerable), answerer %s: citation precision %.3f, "
                            + "coverage %.3f, abstention accuracy %.3f, passage recall %.3f, grounded %.3f, %.0f ms/question",
                    rows.size(), answerable().size(), answerer, citationPrecision(), coverage(), abstentionAccuracy(),
                    passageRecall(), groundedShare(), meanMillis());
        }

        public Table table() {
            var out = new ArrayList<List<String>>();
            for (Row r : rows) {
                out.add(List.of(r.question().id(), r.question().question(), r.question().answerable() ? "yes" : "no",
                        r.abstained() ? "abstained" : r.answered() ? "✔ answer" : "✘ answer",
                        r.citations() == 0 ? "" : r.goodCitations() + "/" + r.citations(),
                        r.question().answerable() ? (r.passageFound() ? "✔" : "✘") : "", r.abstentionCorrect() ? "✔" : "✘"));
            }
            return new Table(summary(), List.of("id", "question", "answerable", "outcome", "good citations",
                    "passage found", "abstention right"), out);
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

    /** Asks every question; {@code progress} hears each row as it is done. */
    public static Report run(RagPipeline pipeline, List<RagQuestion> questions, Consumer<Row> progress) {
        var rows = new ArrayList<Row>();
        for (RagQuestion q : questions) {
            RagResult result = pipeline.ask(q.question());
            Row row = judge(q, result);
            progress.accept(row);
            rows.add(row);
        }
        return new Report(pipeline.answerer().name(), rows);
    }

    public static Report run(RagPipeline pipeline, List<RagQuestion> questions) {
        return run(pipeline, questions, row -> { });
    }

    /** Judges one result against its question. */
    public static Row judge(RagQuestion q, RagResult result) {
        var answer = result.answer();
        int good = 0;
        for (Citation c : answer.citations()) {
            if (answer.source(c.n()).map(p -> q.isAnsweredBy(p.text())).orElse(false)) good++;
        }
        boolean found = !q.passage().isEmpty() && answer.sources().stream()
                .anyMatch(p -> p.section().equals(q.passage()));
        return new Row(q, answer.abstained(), !answer.abstained() && q.isAnsweredBy(answer.text()),
                answer.citations().size(), good, found, result.checks().passed(), answer.text(), result.trace(),
                result.millis());
    }
}
