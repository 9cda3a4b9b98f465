package dev.course.engine.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link RagResult} as one JSON object, the form {@code ./course ask --json} prints: {@code answer},
 * {@code answerer}, {@code abstained}, {@code sources} ({@code [{"n", "id", "title", "origin", "text"}]}, the
 * passages given to the answerer), {@code citations} ({@code [{"n", "quote"}]}, each quote the exact span
 * of source n), {@code checks}, {@code flagged}, and the trace: {@code routing}, {@code rewrite}, {@code steps}.
 */
public final class RagJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RagJson() {
    }

    public static ObjectNode of(RagResult r) {
        ObjectNode o = JSON.createObjectNode();
        Answer a = r.answer();
        o.put("question", r.question());
        o.put("answer", a.text());
        o.put("answerer", a.answerer());
        o.put("abstained", a.abstained());
        o.put("note", a.note());
        ArrayNode sources = o.putArray("sources");
        for (Passage p : a.sources()) {
            sources.addObject().put("n", p.n()).put("id", p.id()).put("title", p.title()).put("origin", p.origin())
                    .put("text", p.text());
        }
        ArrayNode citations = o.putArray("citations");
        a.citations().forEach(c -> citations.addObject().put("n", c.n()).put("quote", c.quote()));
        ArrayNode checks = o.putArray("checks");
        r.checks().checks().forEach(c -> checks.addObject().put("name", c.name()).put("passed", c.passed()).put("detail", c.detail()));
        o.put("flagged", r.checks().flagged());
        ObjectNode routing = o.putObject("routing");
        routing.put("by", r.routing().by());
        ArrayNode scores = routing.putArray("scores");
        r.routing().scores().forEach(s -> scores.addObject().put("source", s.source()).put("score", s.score()));
        ArrayNode chosen = routing.putArray("chosen");
        r.routing().chosen().forEach(chosen::add);
        ObjectNode rewrite = o.putObject("rewrite");
        rewrite.put("by", r.rewrite().by());
        ArrayNode queries = rewrite.putArray("queries");
        r.rewrite().queries().forEach(queries::add);
        ArrayNode steps = o.putArray("steps");
        for (MultiStepRetriever.Step s : r.steps()) {
            ObjectNode step = steps.addObject().put("number", s.number()).put("reason", s.reason());
            ArrayNode q = step.putArray("queries");
            s.queries().forEach(q::add);
            ArrayNode hits = step.putArray("hits");
            s.found().forEach(f -> hits.addObject().put("origin", f.origin()).put("id", f.hit().chunk().id())
                    .put("score", f.hit().score()).put("status", f.status().name().toLowerCase(java.util.Locale.ROOT)));
            ArrayNode missing = step.putArray("missing");
            s.missing().forEach(missing::add);
        }
        o.put("millis", Math.round(r.millis()));
        return o;
    }
}
