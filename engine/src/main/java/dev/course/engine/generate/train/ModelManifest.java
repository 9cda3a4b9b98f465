package dev.course.engine.generate.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a trained model is and how it was made, saved beside its GGUF file as
 * {@code NAME.manifest.json}: the command, the recipe (with its seed), the corpus, the validation loss
 * and the very windows it was measured on, and the file's SHA-256. With it anyone can check that a
 * model file is the one described, and measure its validation loss again without the corpus.
 *
 * <p>Why the windows themselves, and not "the last 10% of the corpus": the corpus is read afresh
 * from {@code lessons/content} and the installed JDK, so it changes whenever a lesson is added or
 * edited (and with the JDK's version), and so would its validation split. The windows pin exactly the
 * text the loss was measured on; {@link #measureValidationLoss} reads nothing else, so a later lesson
 * cannot change the number a test checks.
 *
 * <p>Those windows are token ids of the corpus's validation text: decoded, they are some thousands
 * of characters of it (about 6,000 for the shipped tiny model). With the default corpus that text
 * is JDK Javadoc (its last part), so the manifest holds short excerpts of it; {@link #corpusLicences} says under which terms each corpus is published.
 *
 * @param file              the GGUF file's name
 * @param bytes             its size
 * @param sha256            its SHA-256, in hex
 * @param command           the command that made it
 * @param corpus            the corpus spec ({@link Corpus#load})
 * @param corpusDescription what that corpus was, in words
 * @param corpusLicences    under which terms each part of the corpus is published, as far as the course
 *                          knows them (stated, not interpreted: see {@link #licences})
 * @param corpusCharacters  characters of text trained on (both splits)
 * @param config            the whole recipe as trained, seed and steps included (its vocabulary size is
 *                          the tokenizer's, which stops short of the size asked for when the text runs out of pairs)
 * @param trainTokens       tokens in the training split
 * @param validationTokens  tokens in the validation split (the last {@link Trainer#VALIDATION_SHARE} of the text)
 * @param validationLoss    the mean cross-entropy (nats per token) on {@code validationWindows} after the last step
 * @param validationWindows the windows of validation tokens that loss averages, each {@code seqLen + 1}
 *                          tokens: the model reads all but the last and predicts each next one
 * @param trainedAt         when training finished (UTC, ISO-8601)
 * @param seconds           wall time of the optimisation steps
 * @param javaVersion       the JDK that trained it (its {@code src.zip} is the JDK part of the corpus)
 * @param cores             processors the training used: the gradients are summed per core, so the same
 *                          seed gives the same bits only with the same number of cores
 */
public record ModelManifest(String file, long bytes, String sha256, String command, String corpus,
                            String corpusDescription, String corpusLicences, long corpusCharacters, TrainingConfig config,
                            int trainTokens, int validationTokens, double validationLoss, int[][] validationWindows,
                            String trainedAt, double seconds, String javaVersion, int cores) {

    /** The suffix that replaces {@code .gguf} in a manifest's file name. */
    public static final String SUFFIX = ".manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelManifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(validationWindows, "validationWindows");
        for (int[] window : validationWindows) {
            if (window.length != config.seqLen() + 1) {
                throw new IllegalArgumentException("a validation window holds seqLen + 1 = " + (config.seqLen() + 1)
                        + " tokens, got " + window.length);
            }
        }
    }

    /** The manifest describing {@code run}, whose model was saved at {@code model}. */
    public static ModelManifest of(TrainingRun run, Path model, String command, String corpus, long corpusCharacters)
            throws IOException {
        return new ModelManifest(model.getFileName().toString(), Files.size(model), sha256(model), command, corpus,
                describe(corpus), licences(corpus), corpusCharacters, run.config(), run.trainTokens(), run.validationTokens(),
                run.finalValidationLoss(), run.validationWindows(), Instant.now().toString(), run.seconds(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    /** Where the manifest of the model at {@code model} is. */
    public static Path pathFor(Path model) {
        String name = model.getFileName().toString().replaceFirst("\\.gguf$", "");
        return model.resolveSibling(name + SUFFIX);
    }

    public void write(Path path) throws IOException {
        JSON.writeValue(path.toFile(), this);
    }

    public static ModelManifest read(InputStream in) throws IOException {
        return JSON.readValue(in, ModelManifest.class);
    }

    public static ModelManifest read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        }
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of a stream's bytes, in hex. */
    public static String sha256(InputStream in) throws IOException {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Measures {@code model}'s validation loss again, with the inference engine, on this manifest's
     * windows: the mean over windows and positions of {@code -ln p(next token)}. For the model the
     * manifest describes it equals {@link #validationLoss} up to float rounding (training and
     * inference add in different orders).
     */
    public double measureValidationLoss(LocalModel model) {
        LlamaModel decoder = model.model();
        double total = 0;
        for (int[] window : validationWindows) {
            InferenceState state = decoder.newState();
            double sum = 0;
            for (int t = 0; t + 1 < window.length; t++) {
                float[] logits = decoder.forward(state, window[t]);
                sum += logSumExp(logits) - logits[window[t + 1]];
            }
            total += sum / (window.length - 1);
        }
        return total / validationWindows.length;
    }

    private static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double sum = 0;
        for (float v : logits) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    /**
     * Under which terms each part of a corpus spec is published. This states facts about the
     * sources; it draws no conclusion about the model trained on them (whether weights trained on a
     * text are a work derived from it is not settled law), which is for whoever redistributes it.
     */
    static String licences(String corpus) {
        return String.join("; ", eachPart(corpus, name -> switch (name) {
            case "lessons" -> "lessons: the course's own text, under the course's licence (Apache-2.0, see LICENSE)";
            case "jdk" -> "jdk: Javadoc and declarations from the JDK's src.zip (OpenJDK), published under"
                    + " GPL-2.0 with the Classpath Exception; the model file holds weights and a vocabulary learned"
                    + " from that text, and when it is the corpus's last part the validation windows are excerpts of it";
            default -> name + ": files of a local folder, under whatever terms they carry (not known to the course)";
        }));
    }

    /** A corpus spec in words. */
    static String describe(String corpus) {
        return String.join(", then ", eachPart(corpus, name -> switch (name) {
            case "lessons" -> "the course's lesson Markdown (lessons/content)";
            case "jdk" -> "Javadoc with its declarations from the JDK's src.zip (packages "
                    + String.join(" ", JdkApiCorpus.CORE_PACKAGES) + ", at most " + Corpus.JDK_MAX_CHARS + " characters)";
            default -> "the .md, .txt and .java files of the folder " + name;
        })) + "; documents separated by the end-of-text token; the last "
                + (int) Math.round(Trainer.VALIDATION_SHARE * 100) + "% of the tokens kept for validation";
    }

    /** Each comma-separated part of a corpus spec, put into words by {@code words}. */
    private static List<String> eachPart(String corpus, UnaryOperator<String> words) {
        return Arrays.stream(corpus.split(",")).map(String::strip).map(words).toList();
    }
}
