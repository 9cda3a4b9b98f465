package dev.course.lessons;

import java.util.Arrays;
import java.util.Optional;

/** How a lesson page treats a Java cell; written after {@code java} in the fence's info string. */
public enum CellRole {
    /** An ordinary cell: shown, editable, run on demand. Info string: {@code java}. */
    RUN("java"),
    /** Shown and runnable but not editable: code the lesson wants read, not changed. */
    READONLY("readonly"),
    /** Hidden; runs by itself before the learner's first cell (imports, data loading). */
    SETUP("setup");

    private final String keyword;

    CellRole(String keyword) {
        this.keyword = keyword;
    }

    /** The word that selects this role in a fence's info string. */
    public String keyword() {
        return keyword;
    }

    static Optional<CellRole> byKeyword(String word) {
        return Arrays.stream(values()).filter(role -> role.keyword.equals(word)).findFirst();
    }
}
