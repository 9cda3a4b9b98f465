package dev.course.engine.generate;

import dev.course.engine.generate.openai.OpenAiGenerator;
import dev.course.engine.generate.train.TrainedModels;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a {@link Generator} from one string, the same one the CLI's {@code --model} takes:
 *
 * <ul>
 *   <li>{@code trained}: the course's own model, {@code tiny} (one trained here with {@code ./course train},
 *       else the one the course ships);</li>
 *   <li>{@code trained-small}: its {@code small} sibling, likewise ({@code ./course train --size small});</li>
 *   <li>{@code openai:URL}: an OpenAI-compatible server, e.g. {@code openai:http://localhost:11434/v1};</li>
 *   <li>a GGUF file's path;</li>
 *   <li>a name {@code ./course models list} shows: a pulled model, one trained here, or one Ollama,
 *       the Hugging Face cache or LM Studio already has on disk, used where it lies
 *       ({@link ModelResolver}).</li>
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
        if (s.startsWith(OPENAI_PREFIX)) {
            return OpenAiGenerator.configured(s.substring(OPENAI_PREFIX.length()));
        }
        return local(s, log).generator();
    }

    /**
     * The engine's own model {@code spec} names: {@value #TRAINED}, {@value #TRAINED_SMALL}, a GGUF
     * file's path, or a name from {@code ./course models list}. For cells that look inside a model
     * (attention, logits) as well as for generation.
     */
    public static LocalModel local(String spec, PrintStream log) {
        return local(spec, log, ModelResolver.fromEnvironment());
    }

    /** {@link #local(String, PrintStream)} with names looked up by {@code resolver} (tests point it at a temporary folder). */
    public static LocalModel local(String spec, PrintStream log, ModelResolver resolver) {
        String s = spec == null || spec.isBlank() ? defaultSpec() : spec.strip();
        try {
            if (s.equals(TRAINED)) {
                return TrainedModels.defaultModel(log);
            }
            if (s.equals(TRAINED_SMALL)) {
                return TrainedModels.defaultModel(TrainedModels.Size.SMALL, log);
            }
            if (s.startsWith(OPENAI_PREFIX)) {
                throw new GenerationException(s + " is a server, not a model the engine runs itself: give a GGUF file or a model name");
            }
            Path path = Path.of(s);
            if (Files.isRegularFile(path)) {
                return LocalModel.load(path);
            }
            Optional<ModelResolver.Found> found = resolver.find(s);
            if (found.isPresent()) {
                return LocalModel.load(found.get().file());
            }
            throw new GenerationException("no model file or model named '" + s + "': --model takes a GGUF file,"
                    + " a name that './course models list' shows, 'trained', 'trained-small', or openai:URL");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
