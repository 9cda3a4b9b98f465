package dev.course.engine.rerank;

import dev.course.engine.embed.Encoder;
import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.Encoders;
import dev.course.engine.embed.OnnxEncoder;
import dev.course.engine.search.SearchResults;
import dev.course.engine.tokenize.Encoding;
import dev.course.engine.tokenize.WordPieceTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cross-encoder reads query and passage as one input, {@code [CLS] query [SEP] passage [SEP]},
 * so attention connects every query token with every passage token, and a small head on top
 * outputs one relevance logit. More accurate than comparing two separately made vectors, and far
 * slower: nothing can be precomputed, every (query, candidate) pair is a full encoder run. Hence
 * its place as a reranker of the top N.
 *
 * <p>No cross-encoder is bundled with the course. {@link #installed()} opens the one
 * {@code ./course models pull ms-marco-minilm-l6} installed, wherever its forward pass runs best: in a
 * kernel of the course server, the server's one copy ({@link Encoders#openFile}); elsewhere, ONNX
 * Runtime in this process. Or point {@link #load} at a directory holding an ONNX
 * export of a BERT-style cross-encoder (for example ms-marco-MiniLM-L-6-v2) as {@value #MODEL_FILE}
 * with its {@value #TOKENIZER_FILE}; it must output logits of shape {@code [batch, 1]} (or
 * {@code [batch, 2]}, where the last column is taken as "relevant").
 */
public final class CrossEncoderReranker implements Reranker, AutoCloseable {

    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** Query and passage together are cut to this many tokens. */
    public static final int DEFAULT_MAX_LENGTH = 512;
    /** Pairs per ONNX call. */
    public static final int BATCH_SIZE = 16;

    private final String name;
    private final WordPieceTokenizer tokenizer;
    private final Encoder encoder;
    private final int maxLength;

    private CrossEncoderReranker(String name, WordPieceTokenizer tokenizer, Encoder encoder, int maxLength) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.maxLength = maxLength;
    }

    /**
     * Loads {@value #MODEL_FILE} and {@value #TOKENIZER_FILE} from {@code modelDir}.
     *
     * @throws IllegalArgumentException naming the missing file, when either is absent
     */
    public static CrossEncoderReranker load(Path modelDir) throws IOException {
        Path model = modelDir.resolve(MODEL_FILE);
        Path tokenizerJson = modelDir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("no cross-encoder at " + modelDir.toAbsolutePath() + ": expected "
                    + MODEL_FILE + (Files.isRegularFile(model) ? " (found)" : " (missing)") + " and "
                    + TOKENIZER_FILE + (Files.isRegularFile(tokenizerJson) ? " (found)" : " (missing)")
                    + ". Export a BERT-style cross-encoder to ONNX and put its tokenizer.json beside it.");
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromFile(tokenizerJson);
        var encoder = new OnnxEncoder(Files.readAllBytes(model));
        return new CrossEncoderReranker("cross-encoder(" + modelDir.getFileName() + ")", tokenizer, encoder, DEFAULT_MAX_LENGTH);
    }

    /**
     * The cross-encoder installed in the course's models folder ({@link InstalledCrossEncoder#find()}),
     * or empty when there is none ({@code ./course models pull ms-marco-minilm-l6} installs one).
     */
    public static Optional<CrossEncoderReranker> installed() throws IOException {
        Optional<InstalledCrossEncoder> model = InstalledCrossEncoder.find();
        return model.isEmpty() ? Optional.empty() : Optional.of(open(model.get()));
    }

    /** Opens an installed cross-encoder; its forward passes run where {@link Encoders#openFile} decides. */
    public static CrossEncoderReranker open(InstalledCrossEncoder model) throws IOException {
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromFile(model.tokenizerFile());
        Encoder encoder = Encoders.openFile(model.name(), model.modelFile());
        return new CrossEncoderReranker("cross-encoder(" + model.name() + ")", tokenizer, encoder, DEFAULT_MAX_LENGTH);
    }

    /** The tokenizer that builds its pair inputs. */
    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String name() {
        return name;
    }

    /** The relevance logits of {@code query} with each passage. */
    public float[] score(String query, List<String> passages) {
        float[] scores = new float[passages.size()];
        for (int from = 0; from < passages.size(); from += BATCH_SIZE) {
            var batch = new ArrayList<Encoding>();
            for (int i = from; i < Math.min(passages.size(), from + BATCH_SIZE); i++) {
                batch.add(tokenizer.encodePair(query, passages.get(i), maxLength));
            }
            Encoder.Output out = encoder.run(EncoderInput.pad(batch, tokenizer.padId()));
            int perRow = out.values().length / batch.size();
            for (int r = 0; r < batch.size(); r++) {
                scores[from + r] = out.values()[r * perRow + perRow - 1];
            }
        }
        return scores;
    }

    @Override
    public SearchResults rerank(String query, SearchResults candidates) {
        float[] scores = score(query, candidates.hits().stream().map(h -> h.chunk().indexText()).toList());
        return Rescoring.sorted(candidates, scores, name());
    }

    @Override
    public void close() {
        encoder.close();
    }
}
