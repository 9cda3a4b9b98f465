package dev.course.engine.generate;

import dev.course.engine.generate.bpe.Tokenizer;
import dev.course.engine.generate.bpe.TokenizerLoader;
import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.model.ModelLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model the engine runs itself: the decoder, its tokenizer and its chat format, all from one GGUF file.
 *
 * @param name          for display (the file's {@code general.name}, else its file name)
 * @param model         the decoder
 * @param tokenizer     the tokenizer stored in the file
 * @param template      the chat format
 * @param defaultSystem the system message the chat format adds when there is none, or null
 * @param templateSource the file's {@code tokenizer.chat_template} (Jinja), or null when it has none
 */
public record LocalModel(String name, LlamaModel model, Tokenizer tokenizer, ChatTemplate template, String defaultSystem,
                         String templateSource) {

    /** The context length used when the caller does not choose one: enough for lessons and RAG, a small KV cache. */
    public static final int DEFAULT_MAX_CONTEXT = 4096;

    public LocalModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(template, "template");
        if (tokenizer.vocabularySize() != model.config().vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabularySize() + " tokens but the model "
                    + model.config().vocabSize());
        }
    }

    /** Loads a GGUF file with a context of at most {@link #DEFAULT_MAX_CONTEXT}. */
    public static LocalModel load(Path path) throws IOException {
        return load(path, DEFAULT_MAX_CONTEXT);
    }

    public static LocalModel load(Path path, int maxContext) throws IOException {
        return of(GgufFile.open(path), maxContext);
    }

    /** The model in an already opened file. */
    public static LocalModel of(GgufFile file, int maxContext) {
        LlamaModel model = ModelLoader.load(file, maxContext);
        String jinja = file.string("tokenizer.chat_template", null);
        String fileName = file.path() == null ? "model" : String.valueOf(file.path().getFileName());
        String name = file.string("general.name", fileName);
        return new LocalModel(name, model, TokenizerLoader.load(file), ChatTemplate.detect(jinja),
                ChatTemplate.defaultSystemMessage(jinja), jinja);
    }

    /** A generator over this model. */
    public LocalGenerator generator() {
        return new LocalGenerator(this);
    }
}
