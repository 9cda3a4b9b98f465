package dev.course.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.embed.Encoder;
import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.EncoderRequest;
import dev.course.engine.embed.ModelSpec;
import dev.course.engine.embed.OnnxEncoder;
import dev.course.engine.generate.ModelResolver;
import dev.course.engine.rerank.InstalledCrossEncoder;
import dev.course.engine.tokenize.WordPieceTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server's one copy of each bundled embedding model, computing encoder forward passes for
 * every learner's kernel, so that forty kernels do not each load ONNX Runtime and a 90 MB model.
 *
 * <p>A kernel sends an {@link EncoderRequest} (see {@code dev.course.kernel.models} and
 * ARCHITECTURE.md); the service answers with an {@link EncoderReply} computed by the very
 * {@link Encoder} of the server's shared {@link EmbeddingModel} — loaded on first use — so the
 * kernel's vectors are the ones it would have computed itself.
 *
 * <p>It also runs the cross-encoders {@code ./course models pull} installed in the course's models
 * folder ({@link InstalledCrossEncoder}), one copy each, loaded on first use: a kernel sends a batch
 * of (query, passage) pairs it tokenised itself (the folder is bound read-only into its sandbox, so it
 * has the tokenizer) under the model's folder name, and gets one row of logits per pair back.
 *
 * <p>Kernels are untrusted and share this service, so:
 * <ul>
 *   <li>every request is checked before any work or allocation: known model, sizes within
 *       {@link ModelServiceLimits}, token ids inside the model's vocabulary; a bad one is answered
 *       with an error saying what is wrong, never with an exception in the server;
 *   <li>{@link ModelServiceLimits#workers()} threads run requests (one core each) from a
 *       {@link FairQueue}, which serves kernels in turn, so a kernel's flood delays another
 *       kernel's request by at most one of its own; and a kernel has at most one request
 *       <em>running</em> at a time, so its model work takes at most one worker — one core, the
 *       same ceiling as its cgroup's {@code cpu.max} — even when the other workers are idle;
 *   <li>a kernel may have {@link ModelServiceLimits#maxPendingPerKernel()} requests in flight —
 *       waiting, running or being written back — and is refused beyond that, so a kernel that
 *       floods, or does not read its answers, holds a bounded amount of the server's memory;
 *   <li>answers are written from their own (virtual) thread, so a kernel that does not read its
 *       pipe blocks only its own answers, never a worker.
 * </ul>
 *
 * <p>What remains: the workers are server threads, outside every kernel's cgroup, so a kernel's
 * model work is not counted against its own CPU quota or weight. It is bounded instead by the rules
 * above: one worker per kernel at a time, {@link ModelServiceLimits#workers()} in all, a few
 * requests waiting per kernel. A learner embedding in an endless loop therefore uses up to one core
 * in the kernel and one in the service; {@code workers} learners doing so at once can keep every
 * worker busy, and the others' model requests then wait their turn (one request each, in turn).
 *
 * <p>Answers of the bundled encoders are kept ({@link ReplyCache}, bounded, keyed by the whole
 * request): the next identical request, from any kernel, gets the same answer without a forward
 * pass. Lessons index the same collections for every learner, and often for several lessons.
 *
 * <p>Requests are not merged across kernels into larger batches: the quantised BGE model computes
 * a different vector for a text depending on the other texts in its batch (see
 * {@link ModelSpec#BGE_SMALL_EN_V15_Q}), and kernels must get exactly what they would compute alone.
 */
public final class ModelService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final ModelServiceLimits limits;
    private final Function<ModelSpec, EmbeddingModel> models;
    private final Path pulledModels;
    /** Installed cross-encoders a kernel has asked for, by name; each one's session once loaded. */
    private final Map<String, InstalledCrossEncoder> crossEncoders = new ConcurrentHashMap<>();
    private final Map<String, LoadedCrossEncoder> loadedCrossEncoders = new ConcurrentHashMap<>();
    private final FairQueue<Job> queue;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Answers to the bundled encoders, for the next identical request (the same cell run by the next learner). */
    private final ReplyCache replies = new ReplyCache(REPLY_CACHE_BYTES);

    /**
     * How much memory the kept answers may take: by default 64 MB, room for the vectors of every
     * collection the lessons index (the JDK sample's 500 documents are 0.8 MB of MiniLM vectors) many
     * times over; {@code -Dcourse.models.cacheMb=0} keeps none (to measure what the cache saves).
     */
    static final long REPLY_CACHE_BYTES = Math.max(0, Long.getLong("course.models.cacheMb", 64)) * 1024 * 1024;

    /** A checked request waiting for a worker: for a bundled encoder ({@code spec}) or an installed cross-encoder. */
    private record Job(String kernel, long id, ModelSpec spec, InstalledCrossEncoder crossEncoder, EncoderRequest request,
                       Consumer<ObjectNode> reply) {
    }

    /** The server's one copy of a cross-encoder, with its vocabulary's size to check token ids against. */
    private record LoadedCrossEncoder(OnnxEncoder encoder, int vocabularySize) {
    }

    /** The service over the engine's shared models ({@link EmbeddingModel#shared}), each loaded on first use. */
    public ModelService(ModelServiceLimits limits) {
        this(limits, EmbeddingModel::shared);
    }

    /**
     * @param limits what one request and one kernel may ask
     * @param models the model for a bundled spec (called on a worker thread, on first use of each)
     */
    public ModelService(ModelServiceLimits limits, Function<ModelSpec, EmbeddingModel> models) {
        this(limits, models, ModelResolver.Roots.pulledRoot());
    }

    /**
     * @param limits       what one request and one kernel may ask
     * @param models       the model for a bundled spec (called on a worker thread, on first use of each)
     * @param pulledModels the course's models folder, where installed cross-encoders are found
     */
    public ModelService(ModelServiceLimits limits, Function<ModelSpec, EmbeddingModel> models, Path pulledModels) {
        this.limits = limits;
        this.models = models;
        this.pulledModels = pulledModels;
        this.queue = new FairQueue<>(limits.maxPendingPerKernel(), limits.maxPending(), true);
        for (int i = 0; i < limits.workers(); i++) {
            workers.add(Thread.ofPlatform().daemon().name("model-service-" + i).start(this::work));
        }
    }

    public ModelServiceLimits limits() {
        return limits;
    }

    /**
     * Takes one request from a kernel and answers it later, through {@code reply}, with either an
     * {@link EncoderReply} or {@code {"error": "why"}}, each carrying the request's {@code id}.
     * Never throws; cheap enough to call on the thread that reads the kernel's output.
     *
     * @param kernel who asks, for fairness and limits (one name per learner's kernel)
     * @param data   the request as the kernel sent it
     * @param reply  writes an answer to the kernel; may block while the kernel does not read
     */
    public void submit(String kernel, JsonNode data, Consumer<ObjectNode> reply) {
        long id = data != null && data.path("id").isIntegralNumber() ? data.path("id").asLong() : -1;
        try {
            if (id < 0) {
                throw new IllegalArgumentException("a model request needs a non-negative integer \"id\"");
            }
            EncoderRequest request = EncoderRequest.fromJson(data, limits.maxRows(), limits.maxLength(), limits.maxPositions());
            ModelSpec spec = ModelSpec.bundled(request.model()).orElse(null);
            InstalledCrossEncoder crossEncoder = spec != null ? null : crossEncoder(request.model()).orElseThrow(() ->
                    new IllegalArgumentException("no model named " + request.model() + "; the service has "
                            + ModelSpec.BUNDLED.stream().map(ModelSpec::name).toList()
                            + " and the cross-encoders installed in " + pulledModels));
            if (crossEncoder != null && request.pooling().isPresent()) {
                throw new IllegalArgumentException(request.model() + " is a cross-encoder: it outputs logits, there is nothing to pool");
            }
            AtomicInteger mine = inFlight.computeIfAbsent(kernel, k -> new AtomicInteger());
            if (mine.incrementAndGet() > limits.maxPendingPerKernel()) {
                mine.decrementAndGet();
                throw new IllegalArgumentException("this kernel already has " + limits.maxPendingPerKernel()
                        + " model requests in flight; wait for their answers before sending more");
            }
            if (!queue.offer(kernel, new Job(kernel, id, spec, crossEncoder, request, reply))) {
                mine.decrementAndGet();
                throw new IllegalArgumentException("the model service is busy (" + queue.size()
                        + " requests waiting); try again in a moment");
            }
        } catch (IllegalArgumentException e) {
            refuse(kernel, id, e.getMessage(), reply);
        } catch (IOException e) {
            refuse(kernel, id, "the models folder could not be read: " + e.getMessage(), reply);
        } catch (RuntimeException e) {
            LOG.warn("model request of kernel {} could not be read", kernel, e);
            refuse(kernel, id, "the request could not be read: " + e, reply);
        }
    }

    /** Drops what a kernel still has waiting: it is gone, nobody would read the answers. */
    public void forget(String kernel) {
        int dropped = queue.removeAll(kernel);
        AtomicInteger mine = inFlight.get(kernel);
        if (mine != null) {
            mine.addAndGet(-dropped);
        }
    }

    /** Requests answered with a result so far. */
    public long served() {
        return served.get();
    }

    /** Requests answered with an answer kept from an identical earlier request, so far. */
    public long servedFromCache() {
        return replies.hits();
    }

    /** Requests refused (too large, malformed, over a limit, or failed) so far. */
    public long refused() {
        return refused.get();
    }

    private void work() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            ObjectNode answer;
            try {
                answer = compute(job).toJson();
                served.incrementAndGet();
            } catch (IllegalArgumentException e) {
                refused.incrementAndGet();
                answer = error(e.getMessage());
            } catch (Throwable e) {
                // Whatever a request does to the encoder, the service and the server carry on.
                refused.incrementAndGet();
                LOG.warn("model request of kernel {} failed", job.kernel(), e);
                answer = error("the model service failed on this request: " + e);
            } finally {
                queue.done(job.kernel());
            }
            answer.put("id", job.id());
            ObjectNode finalAnswer = answer;
            Thread.ofVirtual().name("model-reply-" + job.kernel()).start(() -> {
                try {
                    job.reply().accept(finalAnswer);
                } catch (RuntimeException e) {
                    LOG.debug("could not answer kernel {}: {}", job.kernel(), e.toString());
                } finally {
                    inFlight.get(job.kernel()).decrementAndGet();
                }
            });
        }
    }

    /** The installed cross-encoder of that name, looked up in the models folder once. */
    private Optional<InstalledCrossEncoder> crossEncoder(String name) throws IOException {
        InstalledCrossEncoder known = crossEncoders.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<InstalledCrossEncoder> found = InstalledCrossEncoder.named(pulledModels, name);
        found.ifPresent(model -> crossEncoders.put(name, model));
        return found;
    }

    private EncoderReply compute(Job job) {
        if (job.crossEncoder() != null) {
            return computeCrossEncoder(job.crossEncoder(), job.request().input());
        }
        EncoderInput input = job.request().input();
        return replies.answer(job.spec().name(), job.request().pooling(), input, () -> computeBundled(job.spec(), job.request()));
    }

    /** A forward pass of a bundled encoder, pooled when the request asks for it. */
    private EncoderReply computeBundled(ModelSpec spec, EncoderRequest request) {
        EmbeddingModel model = models.apply(spec);
        EncoderInput input = request.input();
        checkTokens(input, model.tokenizer().vocabulary().size());
        Encoder encoder = model.encoder();
        if (request.pooling().isPresent()) {
            float[][] vectors = encoder.pooled(input, request.pooling().get());
            int dim = vectors[0].length;
            float[] flat = new float[vectors.length * dim];
            for (int r = 0; r < vectors.length; r++) {
                System.arraycopy(vectors[r], 0, flat, r * dim, dim);
            }
            return new EncoderReply(new long[] {vectors.length, dim}, flat);
        }
        Encoder.Output output = encoder.run(input);
        return new EncoderReply(output.shape(), output.values());
    }

    /** One (query, passage) pair batch through the server's one copy of the cross-encoder: a row of logits per pair. */
    private EncoderReply computeCrossEncoder(InstalledCrossEncoder model, EncoderInput input) {
        LoadedCrossEncoder loaded = loadedCrossEncoders.computeIfAbsent(model.name(), name -> {
            try {
                LOG.info("model service: loading the cross-encoder {}", model.describe());
                return new LoadedCrossEncoder(new OnnxEncoder(Files.readAllBytes(model.modelFile())),
                        WordPieceTokenizer.fromFile(model.tokenizerFile()).vocabulary().size());
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the cross-encoder " + name + ": " + e.getMessage(), e);
            }
        });
        checkTokens(input, loaded.vocabularySize());
        Encoder.Output output = loaded.encoder().run(input);
        long rows = output.shape()[0];
        return new EncoderReply(new long[] {rows, output.values().length / rows}, output.values());
    }

    /** Ids outside the vocabulary (or segment ids other than 0 and 1) would index outside the graph's tables. */
    private static void checkTokens(EncoderInput input, int vocabularySize) {
        for (long id : input.ids()) {
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException("token id " + id + " is outside the model's vocabulary of " + vocabularySize);
            }
        }
        for (long type : input.typeIds()) {
            if (type != 0 && type != 1) {
                throw new IllegalArgumentException("segment ids must be 0 or 1, got " + type);
            }
        }
    }

    private void refuse(String kernel, long id, String why, Consumer<ObjectNode> reply) {
        refused.incrementAndGet();
        LOG.debug("refused a model request of kernel {}: {}", kernel, why);
        ObjectNode answer = error(why);
        answer.put("id", id);
        try {
            reply.accept(answer);
        } catch (RuntimeException e) {
            LOG.debug("could not answer kernel {}: {}", kernel, e.toString());
        }
    }

    private static ObjectNode error(String why) {
        return JsonNodeFactory.instance.objectNode().put("error", why);
    }

    @Override
    public void close() {
        queue.close();
        workers.forEach(Thread::interrupt);
        loadedCrossEncoders.values().forEach(loaded -> loaded.encoder().close());
    }
}
