package dev.course.engine.rag;

import dev.course.engine.search.Retriever;

import java.util.Objects;

/**
 * Something a question can be answered from: a name, a description a router reads (like a person
 * reading the spine of a book), and a retriever over its passages.
 *
 * @param name        short and unique, e.g. {@code lessons}, {@code jdk}, {@code notes}
 * @param description one or two sentences about what it covers
 * @param retriever   how to search it
 * @param passages    how many passages (chunks) it holds, for display
 */
public record KnowledgeSource(String name, String description, Retriever retriever, int passages) {

    public KnowledgeSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(retriever, "retriever");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
    }

    @Override
    public String toString() {
        return name + " (" + passages + " passages): " + description;
    }
}
