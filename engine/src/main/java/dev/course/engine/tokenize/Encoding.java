package dev.course.engine.tokenize;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.List;

/**
 * What a transformer encoder takes as input: token ids framed by {@code [CLS] ... [SEP]}, the
 * segment (token type) of each token, an attention mask, and where each token came from.
 *
 * <p>The attention mask is all ones here; it only becomes interesting when several encodings are
 * padded to one length in a batch, where the zeros tell the model (and the pooling) to ignore the
 * padding.
 *
 * @param tokens          the tokens with their ids and original spans
 * @param typeIds         0 for the first text, 1 for the second text of a pair
 * @param truncatedTokens how many content tokens were cut off to fit the maximum length (0 if none)
 */
public record Encoding(List<Token> tokens, long[] typeIds, int truncatedTokens) implements Renderable {

    public Encoding {
        tokens = List.copyOf(tokens);
        if (typeIds.length != tokens.size()) {
            throw new IllegalArgumentException("one type id per token: " + typeIds.length + " != " + tokens.size());
        }
    }

    public int length() {
        return tokens.size();
    }

    /** The ids as ONNX Runtime wants them (int64). */
    public long[] ids() {
        return tokens.stream().mapToLong(Token::id).toArray();
    }

    public long[] attentionMask() {
        long[] mask = new long[tokens.size()];
        java.util.Arrays.fill(mask, 1L);
        return mask;
    }

    /** The tokens' texts, e.g. {@code [CLS], search, ##ing, [SEP]}. */
    public List<String> tokenTexts() {
        return tokens.stream().map(Token::text).toList();
    }

    public boolean wasTruncated() {
        return truncatedTokens > 0;
    }

    @Override
    public String toString() {
        return String.join(" ", tokenTexts()) + (wasTruncated() ? " (" + truncatedTokens + " tokens truncated)" : "");
    }

    /** One row per token: its text, id, type and the original characters it came from. */
    @Override
    public MimeBundle render() {
        var rows = new java.util.ArrayList<List<String>>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            rows.add(List.of(String.valueOf(i), t.text(), String.valueOf(t.id()), String.valueOf(typeIds[i]),
                    "[" + t.start() + ", " + t.end() + ")"));
        }
        String caption = length() + " tokens" + (wasTruncated() ? ", " + truncatedTokens + " truncated" : "");
        return new Table(caption, List.of("#", "token", "id", "type", "span"), rows).render();
    }
}
