package dev.course.engine.generate;

import dev.course.engine.generate.openai.OpenAiGenerator;
import dev.course.engine.generate.train.TrainedModels;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a {@link Generator} from one string, the same one the CLI's {@code --model} takes:
 *
 * <ul>
 *   <li>{@code trained}: the course's own model, {@code tiny} (one trained here with {@code ./course train},
 *       else the one the course ships);</li>
 *   <li>{@code trained-small}: its {@code small} sibling, likewise ({@code ./course train --size small});</li>
 *   <li>{@code openai:URL}: an OpenAI-compatible server, e.g. {@code openai:http://localhost:11434/v1};</li>
 *   <li>anything else: the path of a GGUF file.</li>
 * </ul>
 * With no choice given, {@code -Dcourse.generator} or {@code $COURSE_GENERATOR} decide, else {@code trained}.
 */
public final class Generators {

    public static final String TRAINED = "trained";
    public static final String TRAINED_SMALL = "trained-small";
    public static final String OPENAI_PREFIX = "openai:";

    private Generators() {
    }

    /** The configured default: {@code course.generator} property, {@code COURSE_GENERATOR}, else {@value #TRAINED}. */
    public static String defaultSpec() {
        String property = System.getProperty("course.generator");
        if (property != null && !property.isBlank()) return property;
        String env = System.getenv("COURSE_GENERATOR");
        return env != null && !env.isBlank() ? env : TRAINED;
    }

    /** Opens the generator {@code spec} names; {@code log} hears about first-use training. */
    public static Generator open(String spec, PrintStream log) {
        String s = spec == null || spec.isBlank() ? defaultSpec() : spec.strip();
        try {
            if (s.equals(TRAINED)) {
                return TrainedModels.defaultModel(log).generator();
            }
            if (s.equals(TRAINED_SMALL)) {
                return TrainedModels.defaultModel(TrainedModels.Size.SMALL, log).generator();
            }
            if (s.startsWith(OPENAI_PREFIX)) {
                return OpenAiGenerator.configured(s.substring(OPENAI_PREFIX.length()));
            }
            Path path = Path.of(s);
            if (!Files.isRegularFile(path)) {
                throw new GenerationException("no model file at " + path.toAbsolutePath()
                        + "; --model takes a GGUF file, 'trained', or openai:URL");
            }
            return LocalModel.load(path).generator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
