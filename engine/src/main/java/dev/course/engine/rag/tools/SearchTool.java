package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.search.Hit;

import java.util.Objects;

/**
 * Retrieval as a tool: RAG where the model decides when to search and for what. Returns the best
 * passages of one source, numbered, each with its id.
 */
public final class SearchTool implements Tool {

    public static final int DEFAULT_K = 3;

    private final KnowledgeSource source;

    public SearchTool(KnowledgeSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return "search_" + source.name().replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    public String description() {
        return "Searches " + source.name() + " and returns the best passages. " + source.description();
    }

    @Override
    public String parameters() {
        return """
                {"type": "object", "properties": {"query": {"type": "string", "description": "what to search for"}, \
                "k": {"type": "integer", "description": "how many passages (default 3)"}}, "required": ["query"]}""";
    }

    @Override
    public String call(JsonNode arguments) {
        String query = Tool.requireText(arguments, "query");
        int k = arguments.path("k").asInt(DEFAULT_K);
        if (k < 1 || k > 10) throw new IllegalArgumentException("k must be between 1 and 10, got " + k);
        var out = new StringBuilder();
        int n = 1;
        for (Hit hit : source.retriever().search(query, k).hits()) {
            out.append('[').append(n++).append("] ").append(hit.chunk().id()).append(": ")
                    .append(hit.chunk().text().replace('\n', ' ')).append('\n');
        }
        return out.isEmpty() ? "no passages found" : out.toString().strip();
    }
}
