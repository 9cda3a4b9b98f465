package dev.course.engine.generate.bpe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Finds special tokens written literally in text ("&lt;|im_start|&gt;user") so they become one id
 * each instead of being spelt out in ordinary tokens. The longest match wins.
 */
final class SpecialSplitter {

    private final List<String> specials;
    private final Map<String, Integer> ids;

    SpecialSplitter(Map<String, Integer> specialIds) {
        this.ids = Map.copyOf(specialIds);
        this.specials = new ArrayList<>(specialIds.keySet());
        specials.sort(Comparator.comparingInt(String::length).reversed());
    }

    /** Calls {@code special} for each special token and {@code text} for the text between them, in order. */
    void split(String input, IntConsumer special, java.util.function.Consumer<String> text) {
        int start = 0;
        int i = 0;
        outer:
        while (i < input.length()) {
            if (input.charAt(i) == '<' || input.charAt(i) == '[') {
                for (String s : specials) {
                    if (input.startsWith(s, i)) {
                        if (i > start) {
                            text.accept(input.substring(start, i));
                        }
                        special.accept(ids.get(s));
                        i += s.length();
                        start = i;
                        continue outer;
                    }
                }
            }
            i++;
        }
        if (start < input.length()) {
            text.accept(input.substring(start));
        }
    }
}
