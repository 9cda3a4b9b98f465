package dev.course.engine.generate;

import java.util.List;

/**
 * How an instruct model expects a conversation to be written out as one text. A model fine-tuned on
 * conversations learned one exact format, with special tokens marking whose turn it is; any other
 * format makes it noticeably worse. GGUF files carry the format as a Jinja template in
 * {@code tokenizer.chat_template}; rather than run Jinja, we recognise the common formats.
 */
public enum ChatTemplate {

    /** ChatML: {@code <|im_start|>user\n...<|im_end|>\n} (SmolLM2, Qwen2.5). */
    CHATML,
    /** Llama 3.x: {@code <|start_header_id|>user<|end_header_id|>\n\n...<|eot_id|>}. */
    LLAMA3,
    /** No chat format (base models and the course's own tiny models): the turns as plain text. */
    PLAIN;

    /** Picks the format from a GGUF chat template's text; {@link #PLAIN} when there is none. */
    public static ChatTemplate detect(String jinja) {
        if (jinja == null) {
            return PLAIN;
        }
        if (jinja.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (jinja.contains("<|im_start|>")) {
            return CHATML;
        }
        return PLAIN;
    }

    /** The system message a template adds when the conversation has none (Qwen2.5 and SmolLM2 do). */
    public static String defaultSystemMessage(String jinja) {
        if (jinja == null) {
            return null;
        }
        if (jinja.contains("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.")) {
            return "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
        }
        if (jinja.contains("You are a helpful AI assistant named SmolLM, trained by Hugging Face")) {
            return "You are a helpful AI assistant named SmolLM, trained by Hugging Face";
        }
        return null;
    }

    /**
     * The conversation as the prompt text, ending where the assistant's answer begins.
     *
     * @param bosText the beginning-of-sequence token's text, which Llama 3's format writes itself
     * @param defaultSystem a system message to add when none is given, or null
     */
    public String render(List<ChatMessage> messages, String bosText, String defaultSystem) {
        var out = new StringBuilder();
        boolean hasSystem = messages.stream().anyMatch(m -> m.role().equals("system"));
        switch (this) {
            case CHATML -> {
                if (!hasSystem && defaultSystem != null) {
                    out.append("<|im_start|>system\n").append(defaultSystem).append("<|im_end|>\n");
                }
                for (ChatMessage m : messages) {
                    out.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
                }
                out.append("<|im_start|>assistant\n");
            }
            case LLAMA3 -> {
                out.append(bosText == null ? "" : bosText);
                for (ChatMessage m : messages) {
                    out.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                out.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
            }
            case PLAIN -> {
                for (ChatMessage m : messages) {
                    out.append(m.content());
                    if (messages.size() > 1) out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Whether the rendered text already contains the beginning-of-sequence token. */
    public boolean writesBos() {
        return this == LLAMA3;
    }
}
