package dev.course.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/** A magic's arguments split as a shell would at its simplest: on spaces, with "…" or '…' keeping spaces. */
final class MagicArgs {

    /** Most arguments one magic takes. */
    static final int MAX_ARGS = 1000;

    private MagicArgs() {
    }

    static List<String> split(String args) throws MagicException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new MagicException("a quote (" + quote + ") is not closed: " + args);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.size() > MAX_ARGS) {
            throw new MagicException("at most " + MAX_ARGS + " arguments, please");
        }
        return words;
    }
}
