package dev.course.engine.generate.bpe;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The tokens that are not text: the start and end of a sequence, and control tokens such as a chat
 * template's {@code <|im_start|>}. Ids are -1 when the vocabulary has no such token.
 *
 * @param bos      the beginning-of-sequence token
 * @param eos      the end-of-sequence token
 * @param addBos   whether a prompt should start with {@code bos}
 * @param control  ids of control tokens (never printed)
 * @param stop     ids that end a generation (eos and end-of-turn tokens)
 */
public record SpecialTokens(int bos, int eos, boolean addBos, BitSet control, int[] stop) {

    public SpecialTokens {
        control = (BitSet) control.clone();
        stop = stop.clone();
    }

    public boolean isControl(int token) {
        return token >= 0 && control.get(token);
    }

    public boolean isStop(int token) {
        return Arrays.stream(stop).anyMatch(s -> s == token);
    }

    @Override
    public BitSet control() {
        return (BitSet) control.clone();
    }

    @Override
    public int[] stop() {
        return stop.clone();
    }
}
