package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import dev.course.engine.eval.Dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The development set over the whole JDK corpus ({@link JdkApiCorpus#all()}, about 54,000
 * documents): 123 questions as people ask them ("cut off the spaces around a piece of text",
 * "block until a group of worker threads completes"), with graded judgements (2 answers, 1 helps),
 * kept as data in {@value #RESOURCE} next to this class; that file's header says how it was made.
 *
 * <p>Where {@link JdkQuestions} measures search inside a dozen everyday classes, this set asks the
 * question a learner asks of the capstone: among all of the Java library, including Swing, CORBA-era
 * and XML APIs that use the same words, does the everyday answer come first? It is a development
 * set: tune on it, and report what it scores as such.
 */
public final class JdkFullQuestions {

    /** The judgements, a resource beside this class, in {@link JdkQuestions}'s indented format. */
    public static final String RESOURCE = "jdk-full-questions.txt";

    /** The dataset's name, as {@code ./course eval --dataset} spells it. */
    public static final String NAME = "jdk-full";

    private JdkFullQuestions() {
    }

    /** The questions and judgements over the documents of the full JDK corpus, read already. */
    public static Dataset dataset(List<Document> fullCorpus) {
        return JdkQuestions.parse(NAME, judgements(), fullCorpus);
    }

    /** The judgement file's text. */
    static String judgements() {
        try (InputStream in = JdkFullQuestions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing from the engine's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
