package dev.course.server.cli;

import java.util.ArrayList;
import java.util.Locale;

/**
 * An enum's constants in lower case, as the command line spells them, for an option's
 * {@code completionCandidates} (shell completion and {@code ${COMPLETION-CANDIDATES}} in help) when
 * the enum belongs to the engine and its {@code toString} is not the command line's business.
 * Subclass it once per enum: picocli instantiates the class named in the annotation.
 */
abstract class LowerCaseChoices extends ArrayList<String> {

    private static final long serialVersionUID = 1L;

    LowerCaseChoices(Class<? extends Enum<?>> type) {
        for (Enum<?> constant : type.getEnumConstants()) {
            add(constant.name().toLowerCase(Locale.ROOT));
        }
    }
}
