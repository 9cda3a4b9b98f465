package dev.course.engine.rag;

import dev.course.engine.generate.ChatMessage;

import java.util.List;

/**
 * The prompt that asks a language model to answer only from numbered sources and to cite them.
 * Every sentence of it is there for a failure it prevents: "only the sources" against answers from
 * memory, "after every sentence" against uncited claims, the exact refusal sentence so that a
 * refusal can be recognised by a program.
 */
public final class GroundingPrompt {

    /** The instructions, as the system message. */
    public static final String INSTRUCTIONS = """
            Answer the question using only the numbered sources below. After every sentence, cite the \
            sources that support it with their numbers in square brackets, like [1] or [2][3]. Quote exact \
            words from a source in double quotes when you rely on its wording. Do not use anything you know \
            that the sources do not say. If the sources do not answer the question, reply with exactly this \
            sentence and nothing else:\s""" + Answer.ABSTAIN_TEXT;

    private GroundingPrompt() {
    }

    /** The user message: the sources, then the question. */
    public static String sources(String question, List<Passage> passages) {
        var text = new StringBuilder("Sources:\n");
        for (Passage p : passages) {
            text.append(p.numbered().replace('\n', ' ')).append("\n\n");
        }
        return text.append("Question: ").append(question).append("\nAnswer with citations:").toString();
    }

    /** System instructions and the sources with the question, ready for a chat model. */
    public static List<ChatMessage> messages(String question, List<Passage> passages) {
        return List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(sources(question, passages)));
    }

    /** The same as one text, for a model without a chat format. */
    public static String text(String question, List<Passage> passages) {
        return INSTRUCTIONS + "\n\n" + sources(question, passages) + " ";
    }
}
