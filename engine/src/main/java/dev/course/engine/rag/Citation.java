package dev.course.engine.rag;

import java.util.Objects;

/**
 * A claim's support: the exact span of source {@code n} that backs a part of the answer.
 *
 * @param n     the number of the cited passage
 * @param quote the supporting text, which {@link GroundingChecks} require to occur in that passage
 */
public record Citation(int n, String quote) {

    public Citation {
        Objects.requireNonNull(quote, "quote");
        if (n < 1) {
            throw new IllegalArgumentException("citations refer to passages numbered from 1, got " + n);
        }
    }
}
