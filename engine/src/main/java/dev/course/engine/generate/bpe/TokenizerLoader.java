package dev.course.engine.generate.bpe;

import dev.course.engine.generate.gguf.GgufException;
import dev.course.engine.generate.gguf.GgufFile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/** Builds the tokenizer a GGUF file describes in its {@code tokenizer.ggml.*} metadata. */
public final class TokenizerLoader {

    /** GGUF token types. */
    static final int TYPE_CONTROL = 3;
    static final int TYPE_USER_DEFINED = 4;

    /** Tokens that end an assistant's turn in the chat formats we know. */
    static final Set<String> END_OF_TURN = Set.of("<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<|endoftext|>", "</s>", "<|eom_id|>");

    private TokenizerLoader() {
    }

    public static Tokenizer load(GgufFile file) {
        String model = file.string("tokenizer.ggml.model", null);
        if (model == null) {
            throw new GgufException(file.path() + " has no tokenizer (tokenizer.ggml.model is missing)");
        }
        String[] tokens = file.strings("tokenizer.ggml.tokens");
        int[] types = file.metadata().get("tokenizer.ggml.token_type") instanceof int[] t ? t : null;
        SpecialTokens special = specialTokens(file, tokens, types, model);
        return switch (model) {
            case "gpt2" -> new ByteLevelBpeTokenizer(tokens,
                    file.has("tokenizer.ggml.merges") ? file.strings("tokenizer.ggml.merges") : new String[0],
                    PreTokenizer.forName(file.string("tokenizer.ggml.pre", null)), special);
            case "llama" -> new SentencePieceTokenizer(tokens, (float[]) file.metadata().get("tokenizer.ggml.scores"),
                    types, file.bool("tokenizer.ggml.add_space_prefix", true), special);
            default -> throw new GgufException("tokenizer model '" + model + "' is not supported; this engine reads "
                    + "'gpt2' (byte-level BPE) and 'llama' (SentencePiece BPE)");
        };
    }

    private static SpecialTokens specialTokens(GgufFile file, String[] tokens, int[] types, String model) {
        BitSet control = new BitSet(tokens.length);
        List<Integer> stop = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            boolean isControl = types != null && (types[i] == TYPE_CONTROL || types[i] == TYPE_USER_DEFINED
                    && tokens[i].startsWith("<|") && tokens[i].endsWith("|>"));
            if (isControl) {
                control.set(i);
            }
            if (END_OF_TURN.contains(tokens[i])) {
                control.set(i);
                stop.add(i);
            }
        }
        int bos = file.integer("tokenizer.ggml.bos_token_id", -1);
        int eos = file.integer("tokenizer.ggml.eos_token_id", -1);
        if (bos >= 0) control.set(bos);
        if (eos >= 0) {
            control.set(eos);
            if (!stop.contains(eos)) stop.add(eos);
        }
        int eot = file.integer("tokenizer.ggml.eot_token_id", -1);
        if (eot >= 0 && !stop.contains(eot)) stop.add(eot);
        boolean addBos = file.bool("tokenizer.ggml.add_bos_token", model.equals("llama")) && bos >= 0;
        return new SpecialTokens(bos, eos, addBos, control, stop.stream().mapToInt(Integer::intValue).toArray());
    }
}
