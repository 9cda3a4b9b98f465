package dev.course.engine.rag;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One question's trip through a {@link RagPipeline}: where it was routed, what was searched in each
 * step, what was found, the answer, and the checks. In a lesson it draws the pipeline with this
 * question flowing through it, then the answer, the checks and the trace; in a terminal it prints
 * the same as text.
 */
public record RagResult(String question, Router.Routing routing, QueryRewriter.Rewrite rewrite,
                        List<MultiStepRetriever.Step> steps, Answer answer, GroundingChecks.Report checks,
                        double millis) implements Renderable {

    public RagResult {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(checks, "checks");
        steps = List.copyOf(steps);
    }

    /** The passages the answerer was given. */
    public List<Passage> sources() {
        return answer.sources();
    }

    /** The pipeline figure for this question. */
    public PipelineFigure figure() {
        return PipelineFigure.of(this);
    }

    /** The trace as lines of text: routing, rewrites, steps, answer, citations, checks. */
    public String trace() {
        var out = new StringBuilder();
        out.append("question: ").append(question).append('\n');
        out.append("routing (").append(routing.by()).append("): ");
        out.append(String.join(", ", routing.scores().stream().map(s -> String.format(Locale.ROOT, "%s %.3f%s",
                s.source(), s.score(), routing.chosen().contains(s.source()) ? " ✔" : "")).toList())).append('\n');
        out.append("rewrite (").append(rewrite.by()).append("): ")
                .append(String.join(" | ", rewrite.queries().stream().map(q -> "\"" + q + "\"").toList())).append('\n');
        for (MultiStepRetriever.Step step : steps) {
            out.append("step ").append(step.number()).append(": ")
                    .append(String.join(" | ", step.queries().stream().map(q -> "\"" + q + "\"").toList()))
                    .append("  (").append(step.reason()).append(")\n");
            for (MultiStepRetriever.Found f : step.found()) {
                int n = passageNumber(f);
                out.append(String.format(Locale.ROOT, "    %s %-55s %.4f  %s%n", n > 0 ? "[" + n + "]" : "   ",
                        f.origin() + ":" + f.hit().chunk().id(), f.hit().score(), switch (f.status()) {
                            case NEW -> "new";
                            case SEEN -> "seen";
                            case DROPPED -> "dropped: mentions none of the missing words";
                        }));
            }
            if (!step.missing().isEmpty()) {
                out.append("    still missing: ").append(String.join(", ", step.missing())).append('\n');
            }
        }
        out.append(answer.abstained() ? "abstained (" : "answer (").append(answer.answerer()).append("): ")
                .append(answer.text()).append('\n');
        if (!answer.note().isEmpty()) out.append("    ").append(answer.note()).append('\n');
        for (Citation c : answer.citations()) {
            String id = answer.source(c.n()).map(Passage::id).orElse("?");
            out.append("  [").append(c.n()).append("] ").append(id).append(": \"").append(c.quote()).append("\"\n");
        }
        out.append("checks:\n");
        checks.checks().forEach(c -> out.append("  ").append(c.passed() ? "✔ " : "✘ ").append(c.name()).append(": ")
                .append(c.detail()).append('\n'));
        out.append(String.format(Locale.ROOT, "%.0f ms%n", millis));
        return out.toString();
    }

    private int passageNumber(MultiStepRetriever.Found f) {
        for (Passage p : answer.sources()) {
            if (p.id().equals(f.hit().chunk().id()) && p.origin().equals(f.origin())) return p.n();
        }
        return 0;
    }

    @Override
    public MimeBundle render() {
        String html = "<div class='rag-result'>" + figure().svg()
                + "<p><strong>" + (answer.abstained() ? "Abstained" : "Answer") + " (" + Table.escape(answer.answerer())
                + "):</strong> " + Table.escape(answer.text()) + "</p>"
                + checks.render().data().get(MimeBundle.HTML)
                + answer.sourceTable().toHtml()
                + "<details><summary>trace</summary><pre>" + Table.escape(trace()) + "</pre></details></div>";
        return MimeBundle.html(html, trace());
    }

    @Override
    public String toString() {
        return trace();
    }
}
