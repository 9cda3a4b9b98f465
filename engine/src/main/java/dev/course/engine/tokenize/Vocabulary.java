package dev.course.engine.tokenize;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The word pieces a model knows, each with the row of the embedding matrix it selects. BERT's
 * uncased vocabulary has 30,522 entries: whole words ({@code "search"}), continuations
 * ({@code "##ing"}), single characters, and special tokens such as {@code [CLS]}.
 */
public final class Vocabulary {

    private final Map<String, Integer> idsByToken;
    private final String[] tokensById;

    public Vocabulary(Map<String, Integer> idsByToken) {
        Objects.requireNonNull(idsByToken, "idsByToken");
        this.idsByToken = Map.copyOf(idsByToken);
        int max = idsByToken.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.tokensById = new String[max + 1];
        idsByToken.forEach((token, id) -> tokensById[id] = token);
    }

    /** The id of {@code token}, or -1 when the vocabulary does not have it. */
    public int id(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? -1 : id;
    }

    public boolean contains(String token) {
        return idsByToken.containsKey(token);
    }

    /** The token with this id. */
    public String token(int id) {
        if (id < 0 || id >= tokensById.length || tokensById[id] == null) {
            throw new IllegalArgumentException("no token with id " + id);
        }
        return tokensById[id];
    }

    public int size() {
        return idsByToken.size();
    }

    /** A copy of the token-to-id map, for callers who want to explore it. */
    public Map<String, Integer> asMap() {
        return new HashMap<>(idsByToken);
    }
}
