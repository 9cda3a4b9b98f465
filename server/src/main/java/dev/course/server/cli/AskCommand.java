package dev.course.server.cli;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.Generator;
import dev.course.engine.generate.Generators;
import dev.course.engine.rag.EmbeddingRouter;
import dev.course.engine.rag.ExtractiveAnswerer;
import dev.course.engine.rag.KeywordRewriter;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.rag.LlmAnswerer;
import dev.course.engine.rag.LlmRewriter;
import dev.course.engine.rag.LlmRouter;
import dev.course.engine.rag.MultiStepRetriever;
import dev.course.engine.rag.RagJson;
import dev.course.engine.rag.RagPipeline;
import dev.course.engine.rag.RagResult;
import dev.course.engine.rag.Sources;
import dev.course.engine.rag.tools.Calculator;
import dev.course.engine.rerank.DenseRescoringReranker;
import dev.course.engine.rerank.MaxSimReranker;
import dev.course.engine.rerank.Reranker;
import dev.course.engine.rag.tools.JavaSnippetTool;
import dev.course.engine.rag.tools.OpenAiToolPlanner;
import dev.course.engine.rag.tools.Planner;
import dev.course.engine.rag.tools.ScriptedPlanner;
import dev.course.engine.rag.tools.SearchTool;
import dev.course.engine.rag.tools.Tool;
import dev.course.engine.rag.tools.ToolLoop;
import dev.course.engine.rag.tools.ToolTrace;
import dev.course.engine.rag.tools.Toolbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code course ask "question" [--source lessons|jdk|DIR ...] [--generator SPEC] [--json]}: answers from
 * the sources with citations, and prints the trace (routing, rewrites, retrieval steps, checks).
 *
 * <p>Without {@code --generator} the grounded extractive answerer answers (no model needed). With
 * {@code --generator openai:URL} or a GGUF file, the model answers from the grounding prompt and also
 * rewrites the question and routes it; {@code --generator trained} (the course's tiny base model, which
 * cannot follow instructions) only answers, so its failures show up in the checks. {@code --tools}
 * runs the tool loop instead: the model plans with OpenAI tool calls when it is an {@code openai:} server,
 * otherwise the scripted planner does; tools are a search per source, a calculator and {@code run_java}
 * (a fresh JShell, whose code runs in a JVM of its own).
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer a question from the course lessons, the JDK docs or your folder, with citations and a trace.")
public final class AskCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUESTION", description = "The question.")
    String question;

    @Option(names = "--source", paramLabel = "lessons|jdk|DIR",
            description = "Where to look (repeatable; several sources are routed between). Default: lessons.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--generator", paramLabel = "extractive|trained|openai:URL|FILE.gguf",
            description = "Who answers (default: extractive, the grounded answerer that needs no model).")
    String generator;

    @Option(names = "--k", defaultValue = "" + MultiStepRetriever.DEFAULT_K, description = "Passages from the first step (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--steps", defaultValue = "" + MultiStepRetriever.DEFAULT_MAX_STEPS, description = "Most retrieval steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rerank", paramLabel = "none|maxsim|dense", defaultValue = "none",
            description = "Rerank each retrieval step's candidates with MaxSim or dense rescoring (default: ${DEFAULT-VALUE}).")
    String rerank;

    @Option(names = "--tools", description = "Answer with the tool loop (search, calculator, run_java) instead of the RAG pipeline.")
    boolean tools;

    @Option(names = "--json", description = "Print one JSON object: answer, answerer, abstained, sources [{n, id, text}], citations [{n, quote}], checks and the trace.")
    boolean json;

    /** The generator spec that means "no model". */
    static final String EXTRACTIVE = "extractive";

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (k < 1 || steps < 1) {
            System.err.println("course ask: --k and --steps must be at least 1");
            return 2;
        }
        EmbeddingModel model = EmbeddingModel.miniLm();
        List<KnowledgeSource> opened = new ArrayList<>();
        try {
            for (String spec : sources.isEmpty() ? List.of("lessons") : sources) {
                opened.add(Sources.named(spec, model));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("course ask: " + e.getMessage());
            return 2;
        }
        try (Generator llm = openGenerator(generator)) {
            if (tools) {
                ToolTrace trace = toolLoop(opened, llm, generator).run(question);
                out.println(json ? toolJson(trace) : trace.toString());
                return 0;
            }
            RagPipeline pipeline = pipeline(model, opened, llm, generator, k, steps);
            Reranker reranker = switch (rerank) {
                case "none" -> null;
                case "maxsim" -> new MaxSimReranker(model);
                case "dense" -> new DenseRescoringReranker(model);
                default -> throw new IllegalArgumentException("--rerank takes none, maxsim or dense, not " + rerank);
            };
            RagResult result = pipeline.withRetrieval(k, steps, reranker).ask(question);
            out.println(json ? RagJson.of(result).toString() : result.trace());
            return 0;
        } catch (GenerationException | IllegalArgumentException e) {
            System.err.println("course ask: " + e.getMessage());
            return 1;
        }
    }

    /** The generator a spec names, or null for the extractive answerer. */
    static Generator openGenerator(String spec) {
        return spec == null || spec.isBlank() || spec.equals(EXTRACTIVE) ? null : Generators.open(spec, System.err);
    }

    /** Whether the generator can follow instructions well enough to rewrite and route (not the tiny base model). */
    static boolean followsInstructions(String spec) {
        return spec != null && !spec.equals(Generators.TRAINED) && !spec.equals(Generators.TRAINED_SMALL) && !spec.equals(EXTRACTIVE);
    }

    /** The pipeline for these sources and this (possibly absent) generator. */
    static RagPipeline pipeline(EmbeddingModel model, List<KnowledgeSource> sources, Generator llm, String spec, int k, int steps) {
        RagPipeline p = new RagPipeline(sources, new EmbeddingRouter(model), new KeywordRewriter(),
                new MultiStepRetriever(k, steps, null), new ExtractiveAnswerer(model));
        if (llm == null) {
            return p;
        }
        p = p.withAnswerer(new LlmAnswerer(llm, LlmAnswerer.DEFAULT_MAX_TOKENS, followsInstructions(spec)));
        if (followsInstructions(spec)) {
            p = p.withRewriter(new LlmRewriter(llm)).withRouter(new LlmRouter(llm, new EmbeddingRouter(model)));
        }
        return p;
    }

    private static ToolLoop toolLoop(List<KnowledgeSource> sources, Generator llm, String spec) {
        var list = new ArrayList<Tool>();
        sources.forEach(s -> list.add(new SearchTool(s)));
        list.add(new Calculator());
        list.add(new JavaSnippetTool());
        Planner planner = llm != null && spec.startsWith(Generators.OPENAI_PREFIX)
                ? new OpenAiToolPlanner(spec.substring(Generators.OPENAI_PREFIX.length()), System.getenv("OPENAI_MODEL"),
                System.getenv("OPENAI_API_KEY"), OpenAiToolPlanner.DEFAULT_TIMEOUT)
                : new ScriptedPlanner();
        return new ToolLoop(planner, new Toolbox(list));
    }

    private static String toolJson(ToolTrace trace) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var o = mapper.createObjectNode().put("task", trace.task()).put("planner", trace.planner())
                .put("answer", trace.answer()).put("finished", trace.finished());
        var calls = o.putArray("calls");
        for (Planner.Round round : trace.rounds()) {
            for (int i = 0; i < round.calls().size(); i++) {
                var c = calls.addObject().put("id", round.calls().get(i).id()).put("name", round.calls().get(i).name());
                c.set("arguments", round.calls().get(i).arguments());
                c.put("result", round.results().get(i).content()).put("failed", round.results().get(i).failed());
            }
        }
        return o.toString();
    }
}
