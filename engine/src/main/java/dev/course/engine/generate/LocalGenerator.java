package dev.course.engine.generate;

import dev.course.engine.generate.bpe.Tokenizer;
import dev.course.engine.generate.bpe.Utf8Stream;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.sample.Candidate;
import dev.course.engine.generate.sample.Sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The generation loop on a {@link LocalModel}: format and encode the prompt, run it through the
 * model to fill the KV cache, then sample a token, feed it back, and repeat until a stop token, a
 * stop sequence, the token budget or the end of the context. One generation at a time per instance.
 */
public final class LocalGenerator implements Generator {

    /** Candidates recorded per step when inspecting. */
    public static final int INSPECT_TOP = 5;

    private final LocalModel local;
    private final InferenceState state;

    public LocalGenerator(LocalModel local) {
        this.local = local;
        this.state = local.model().newState();
    }

    public LocalModel model() {
        return local;
    }

    @Override
    public String name() {
        return local.name() + " (" + local.model().weights().wq()[0].type() + ", local)";
    }

    /** The prompt's token ids, exactly as generation would feed them. */
    public int[] promptTokens(GenerationRequest request) {
        Tokenizer tokenizer = local.tokenizer();
        if (request.chat() && local.template() == ChatTemplate.UNRECOGNISED) {
            throw new GenerationException(local.name() + "'s chat template is of a family the engine does not know"
                    + " (it writes ChatML and Llama 3); the template starts: " + ChatTemplate.firstLine(local.templateSource())
                    + " -- leave out --chat to continue the text as it is, or use a ChatML or Llama 3 model");
        }
        boolean templated = request.chat() && local.template() != ChatTemplate.PLAIN;
        String bosText = tokenizer.special().bos() >= 0 ? tokenizer.piece(tokenizer.special().bos()) : null;
        String text = templated
                ? local.template().render(request.messages(), bosText, local.defaultSystem())
                : request.promptText();
        int[] ids = tokenizer.encode(text);
        boolean addBos = tokenizer.special().addBos() && !(templated && local.template().writesBos());
        if (addBos) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = tokenizer.special().bos();
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            return withBos;
        }
        return ids;
    }

    @Override
    public synchronized Generation generate(GenerationRequest request, Consumer<String> onText) {
        LlamaModel model = local.model();
        Tokenizer tokenizer = local.tokenizer();
        int[] prompt = promptTokens(request);
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (prompt.length >= model.config().contextLength()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the context holds "
                    + model.config().contextLength());
        }
        state.reset();
        long start = System.nanoTime();
        float[] logits = model.prefill(state, prompt);
        double promptMillis = (System.nanoTime() - start) / 1e6;

        var sampler = new Sampler(request.sampling());
        var utf8 = new Utf8Stream();
        var stops = new StopSequences(request.stop());
        var steps = new ArrayList<Generation.Step>();
        int[] history = Arrays.copyOf(prompt, prompt.length + request.maxTokens());
        int length = prompt.length;
        int generated = 0;
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        long genStart = System.nanoTime();
        long stepStart = genStart;
        while (generated < request.maxTokens()) {
            int[] seen = Arrays.copyOf(history, length);
            int next = sampler.sample(logits, seen);
            if (request.inspect()) {
                float chosen = sampler.distribution(logits, seen)[next];
                List<Candidate> top = Sampler.top(Sampler.softmax(logits), INSPECT_TOP, tokenizer::display);
                steps.add(new Generation.Step(next, tokenizer.display(next), chosen, top, (System.nanoTime() - stepStart) / 1e6));
            }
            if (tokenizer.special().isStop(next)) {
                reason = Generation.StopReason.END_OF_TEXT;
                break;
            }
            generated++;
            history[length++] = next;
            if (!tokenizer.special().isControl(next)) {
                String shown = stops.push(utf8.push(tokenizer.bytes(next)));
                if (!shown.isEmpty()) {
                    onText.accept(shown);
                }
                if (stops.stopped()) {
                    reason = Generation.StopReason.STOP_SEQUENCE;
                    break;
                }
            }
            if (generated == request.maxTokens()) {
                break;
            }
            if (state.length() >= model.config().contextLength()) {
                reason = Generation.StopReason.CONTEXT_FULL;
                break;
            }
            stepStart = System.nanoTime();
            logits = model.forward(state, next);
        }
        if (!stops.stopped()) {
            String rest = stops.push(utf8.flush()) + stops.flush();
            if (!rest.isEmpty()) {
                onText.accept(rest);
            }
        }
        double genMillis = (System.nanoTime() - genStart) / 1e6;
        return new Generation(stops.text(), prompt.length, generated, reason, promptMillis, genMillis, steps);
    }
}
