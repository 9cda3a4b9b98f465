package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.generate.GenerationException;
import dev.course.engine.generate.Generator;
import dev.course.engine.rag.ExtractiveAnswerer;
import dev.course.engine.rag.KnowledgeSource;
import dev.course.engine.rag.MultiStepRetriever;
import dev.course.engine.rag.RagPipeline;
import dev.course.engine.rag.Sources;
import dev.course.engine.rag.eval.ChunkingComparison;
import dev.course.engine.rag.eval.LongContextComparison;
import dev.course.engine.rag.eval.QuestionSet;
import dev.course.engine.rag.eval.RagEvaluation;
import dev.course.engine.rag.eval.RagQuestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course eval-rag [--json] [--failures] [--generator SPEC] [--long-context N] [--chunking]}: the course's question
 * set (written from the lessons, with questions they cannot answer) asked of the RAG pipeline over the lessons;
 * with {@code --chunking}, asked instead once per way of chunking the lessons ({@link ChunkingComparison}).
 *
 * <pre>{@code
 * {"bench": "rag", "citation_precision": 0.73, "coverage": 0.88, "abstention_accuracy": 1.0, ...}
 * }</pre>
 */
@Command(name = "eval-rag", mixinStandardHelpOptions = true,
        description = "Citation precision, answer coverage and abstention accuracy of the RAG pipeline on the course's question set.")
public final class EvalRagCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object: {\"bench\": \"rag\", \"citation_precision\", \"coverage\", \"abstention_accuracy\", ...}.")
    boolean json;

    @Option(names = "--generator", paramLabel = "extractive|trained|openai:URL|FILE.gguf",
            description = "Who answers (default: extractive).")
    String generator;

    @Option(names = "--failures",
            description = "Print the full trace (routing, queries, retrieval steps, sentence choice, checks) of every question that lowered a metric, to stderr.")
    boolean failures;

    @Option(names = "--long-context", paramLabel = "N", defaultValue = "0",
            description = "Also compare with long context (every lesson in the prompt) on the first N answerable questions.")
    int longContext;

    @Option(names = "--chunking",
            description = "Instead, compare ways of chunking the lessons (whole sections, the course's chunker, small chunks, fixed windows):"
                    + " answer in context, coverage, citation precision and prompt tokens per strategy. JSON: {\"bench\": \"rag-chunking\", \"strategies\": [...]}.")
    boolean chunking;

    @Override
    public Integer call() {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (longContext < 0) {
            System.err.println("course eval-rag: --long-context must not be negative");
            return 2;
        }
        EmbeddingModel model = EmbeddingModel.miniLm();
        if (chunking) {
            if (generator != null || longContext != 0 || failures) {
                System.err.println("course eval-rag: --chunking runs the extractive pipeline alone; leave out --generator, --long-context and --failures");
                return 2;
            }
            ChunkingComparison.Report report = ChunkingComparison.run(Sources.lessonDocuments(), ChunkingComparison.COURSE_STRATEGIES,
                    model, QuestionSet.course());
            if (json) {
                var o = new ObjectMapper().createObjectNode().put("bench", "rag-chunking").put("questions", report.questions());
                var strategies = o.putArray("strategies");
                for (ChunkingComparison.Row r : report.rows()) {
                    strategies.addObject().put("strategy", r.strategy()).put("chunks", r.chunks())
                            .put("answer_in_context", round(r.answerInContext())).put("coverage", round(r.coverage()))
                            .put("citation_precision", round(r.citationPrecision())).put("prompt_tokens", Math.round(r.promptTokens()))
                            .put("ms_per_question", Math.round(r.millisPerQuestion()));
                }
                out.println(o);
            } else {
                out.println(report);
            }
            return 0;
        }
        KnowledgeSource lessons = Sources.lessons(model);
        List<RagQuestion> questions = QuestionSet.course();
        try (Generator llm = AskCommand.openGenerator(generator)) {
            RagPipeline pipeline = AskCommand.pipeline(model, List.of(lessons), llm, generator,
                    MultiStepRetriever.DEFAULT_K, MultiStepRetriever.DEFAULT_MAX_STEPS);
            RagEvaluation.Report report = RagEvaluation.run(pipeline, questions, row -> {
                if (!json) System.err.printf(Locale.ROOT, "%s %s%n", row.question().id(), row.abstentionCorrect() ? "." : "(abstention wrong)");
                if (failures && row.wentWrong()) {
                    System.err.printf(Locale.ROOT, "--- %s went wrong (expected %s in %s)%n%s%n", row.question().id(),
                            row.question().answerable() ? row.question().answers() : "an abstention",
                            row.question().passage().isEmpty() ? "no section" : row.question().passage(), row.trace());
                }
            });
            LongContextComparison.Report lc = longContext == 0 ? null : LongContextComparison.run(pipeline,
                    Sources.lessonDocuments(), new ExtractiveAnswerer(model), model.tokenizer(),
                    questions.stream().filter(RagQuestion::answerable).limit(longContext).toList());
            if (json) {
                var o = new ObjectMapper().createObjectNode().put("bench", "rag")
                        .put("citation_precision", round(report.citationPrecision()))
                        .put("coverage", round(report.coverage()))
                        .put("abstention_accuracy", round(report.abstentionAccuracy()))
                        .put("passage_recall", round(report.passageRecall()))
                        .put("grounded", round(report.groundedShare()))
                        .put("questions", report.rows().size())
                        .put("answerable", (int) report.rows().stream().filter(r -> r.question().answerable()).count())
                        .put("answerer", report.answerer())
                        .put("ms_per_question", Math.round(report.meanMillis()));
                if (lc != null) {
                    o.putObject("long_context").put("questions", lc.rows().size())
                            .put("rag_tokens", Math.round(lc.meanRagTokens())).put("long_context_tokens", Math.round(lc.meanLongTokens()))
                            .put("rag_ms", Math.round(lc.meanRagMillis())).put("long_context_ms", Math.round(lc.meanLongMillis()))
                            .put("rag_answered", lc.rows().stream().filter(LongContextComparison.Row::ragAnswered).count())
                            .put("long_context_answered", lc.rows().stream().filter(LongContextComparison.Row::longAnswered).count());
                }
                out.println(o);
            } else {
                out.println(report);
                if (lc != null) out.println("\n" + lc);
            }
            return 0;
        } catch (GenerationException | IllegalArgumentException e) {
            System.err.println("course eval-rag: " + e.getMessage());
            return 1;
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
