package dev.course.engine.generate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an instruct model expects a conversation to be written out as one text. A model fine-tuned on
 * conversations learned one exact format, with special tokens marking whose turn it is; any other
 * format makes it noticeably worse. GGUF files carry the format as a Jinja template in
 * {@code tokenizer.chat_template}; rather than run Jinja, we recognise the template's family by its
 * markers, as llama.cpp's {@code llama_chat_apply_template} does, and write that family's format.
 *
 * <p>The catalog's instruct models are both ChatML. SmolLM2-Instruct's template writes, for each
 * message, {@code <|im_start|>ROLE\nCONTENT<|im_end|>\n}, first a default system message
 * ("You are a helpful AI assistant named SmolLM, trained by Hugging Face") when the first message is
 * not a system message, and at the end, when a generation prompt is asked for,
 * {@code <|im_start|>assistant\n}. Qwen2.5-Instruct's template (without tools) writes the same,
 * with its own default ("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.").
 * The default is read out of the template itself ({@link #defaultSystemMessage}).
 */
public enum ChatTemplate {

    /** ChatML: {@code <|im_start|>user\n...<|im_end|>\n} (SmolLM2, Qwen2.5). */
    CHATML,
    /** Llama 3.x: {@code <|start_header_id|>user<|end_header_id|>\n\n...<|eot_id|>}. */
    LLAMA3,
    /** No chat format (base models and the course's own tiny models): the turns as plain text. */
    PLAIN,
    /** A template of a family the engine does not know: chat requests are refused ({@link #render} throws). */
    UNRECOGNISED;

    /**
     * A ChatML template's default system message: the text of a literal
     * {@code '<|im_start|>system\n...<|im_end|>'} in the Jinja source (where {@code \n} is written as
     * backslash and n).
     */
    private static final Pattern CHATML_DEFAULT_SYSTEM =
            Pattern.compile("'<\\|im_start\\|>system(?:\\\\n|\n)([^'<]+)<\\|im_end\\|>");

    /**
     * Picks the format from a GGUF chat template's text: {@link #PLAIN} when there is none,
     * {@link #UNRECOGNISED} when it has neither format's markers.
     */
    public static ChatTemplate detect(String jinja) {
        if (jinja == null || jinja.isBlank()) {
            return PLAIN;
        }
        if (jinja.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (jinja.contains("<|im_start|>")) {
            return CHATML;
        }
        return UNRECOGNISED;
    }

    /**
     * The system message a ChatML template adds when the conversation does not start with one
     * (SmolLM2's and Qwen2.5's do), read from the template; null when it adds none.
     */
    public static String defaultSystemMessage(String jinja) {
        if (jinja == null || detect(jinja) != CHATML) {
            return null;
        }
        Matcher m = CHATML_DEFAULT_SYSTEM.matcher(jinja);
        return m.find() ? m.group(1) : null;
    }

    /** A template's first non-blank line, shortened, for an error message. */
    public static String firstLine(String jinja) {
        String line = jinja == null ? "" : jinja.strip().lines().findFirst().orElse("").strip();
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    /** {@link #render(List, String, String, boolean)} ending with the generation prompt. */
    public String render(List<ChatMessage> messages, String bosText, String defaultSystem) {
        return render(messages, bosText, defaultSystem, true);
    }

    /**
     * The conversation as the prompt text.
     *
     * @param bosText the beginning-of-sequence token's text, which Llama 3's format writes itself
     * @param defaultSystem a system message to add when the first message is not one, or null
     * @param generationPrompt whether to end where the assistant's answer begins (the template's
     *                         {@code add_generation_prompt})
     */
    public String render(List<ChatMessage> messages, String bosText, String defaultSystem, boolean generationPrompt) {
        var out = new StringBuilder();
        boolean startsWithSystem = !messages.isEmpty() && messages.getFirst().role().equals("system");
        switch (this) {
            case CHATML -> {
                if (!startsWithSystem && defaultSystem != null) {
                    out.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
                }
                for (ChatMessage m : messages) {
                    out.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
                }
                if (generationPrompt) {
                    out.append("<|im_start|>assistant\n");
                }
            }
            case LLAMA3 -> {
                out.append(bosText == null ? "" : bosText);
                for (ChatMessage m : messages) {
                    out.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                if (generationPrompt) {
                    out.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                }
            }
            case PLAIN -> {
                for (ChatMessage m : messages) {
                    out.append(m.content());
                    if (messages.size() > 1) out.append('\n');
                }
            }
            case UNRECOGNISED -> throw new GenerationException("this model's chat template is of a family the engine"
                    + " does not know (it writes ChatML and Llama 3): leave out --chat to continue the text as it is");
        }
        return out.toString();
    }

    /** Whether the rendered text already contains the beginning-of-sequence token. */
    public boolean writesBos() {
        return this == LLAMA3;
    }
}
