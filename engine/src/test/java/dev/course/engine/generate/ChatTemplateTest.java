package dev.course.engine.generate;

import dev.course.llamacpp.LlamaCppReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The catalog's instruct models' chat templates, as their GGUF files carry them in
 * {@code tokenizer.chat_template}, are recognised and written out exactly as those templates write a
 * conversation, and as llama.cpp writes it.
 *
 * <p>The expected texts follow the templates' documented behaviour: SmolLM2-Instruct's template
 * (HuggingFaceTB/SmolLM2-360M-Instruct, {@code tokenizer_config.json}) loops over the messages writing
 * {@code <|im_start|>ROLE\n CONTENT <|im_end|>\n}, preceded by its default system message when the
 * first message is not a system one, and ends with {@code <|im_start|>assistant\n} when asked for a
 * generation prompt. Qwen2.5-Instruct's (Qwen/Qwen2.5-0.5B-Instruct), without tools, writes the first
 * system message or its own default, then user, later system and assistant messages the same way, and
 * the same generation prompt. llama.cpp's server shows the same text for a stock SmolLM2 GGUF and a
 * lone "Hello".
 */
class ChatTemplateTest {

    /** SmolLM2-Instruct's template: one line in the file; the {@code \n} inside its literals are backslash-n. */
    static final String SMOLLM2 = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
            + "{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}"
            + "{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Qwen2.5-Instruct's template, its tools branch shortened to the part that names the default system message. */
    static final String QWEN25 = """
            {%- if tools %}
                {{- '<|im_start|>system\\n' }}
                {%- if messages[0]['role'] == 'system' %}
                    {{- messages[0]['content'] }}
                {%- else %}
                    {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
                {%- endif %}
            {%- else %}
                {%- if messages[0]['role'] == 'system' %}
                    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
                {%- else %}
                    {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
                {%- endif %}
            {%- endif %}
            {%- for message in messages %}
                {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
                    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            """;

    static final String SMOL_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face";
    static final String QWEN_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    @TempDir
    Path dir;

    @Test
    void recognisesBothCatalogTemplatesAsChatMlWithTheirOwnDefaultSystemMessage() {
        assertEquals(ChatTemplate.CHATML, ChatTemplate.detect(SMOLLM2));
        assertEquals(ChatTemplate.CHATML, ChatTemplate.detect(QWEN25));
        assertEquals(SMOL_SYSTEM, ChatTemplate.defaultSystemMessage(SMOLLM2));
        assertEquals(QWEN_SYSTEM, ChatTemplate.defaultSystemMessage(QWEN25));
        assertEquals(ChatTemplate.PLAIN, ChatTemplate.detect(null), "no template: a base model");
        assertEquals(ChatTemplate.UNRECOGNISED, ChatTemplate.detect("{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} [/INST]{% endfor %}"));
    }

    @Test
    void aLoneUserMessageGetsTheDefaultSystemMessageAndTheGenerationPrompt() {
        var hello = List.of(ChatMessage.user("Hello"));
        assertEquals("<|im_start|>system\n" + SMOL_SYSTEM + "<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(hello, null, ChatTemplate.defaultSystemMessage(SMOLLM2)));
        assertEquals("<|im_start|>system\n" + QWEN_SYSTEM + "<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(hello, null, ChatTemplate.defaultSystemMessage(QWEN25)));
    }

    @Test
    void aConversationIsWrittenTurnByTurnWithItsOwnSystemMessageAndContentUntouched() {
        var conversation = List.of(ChatMessage.system("Answer in one word."), ChatMessage.user("Capital of France?"),
                ChatMessage.assistant("  Paris  "), ChatMessage.user("And of Italy?"));
        String expected = "<|im_start|>system\nAnswer in one word.<|im_end|>\n"
                + "<|im_start|>user\nCapital of France?<|im_end|>\n"
                + "<|im_start|>assistant\n  Paris  <|im_end|>\n"
                + "<|im_start|>user\nAnd of Italy?<|im_end|>\n";
        for (String template : List.of(SMOLLM2, QWEN25)) {
            String defaultSystem = ChatTemplate.defaultSystemMessage(template);
            assertEquals(expected + "<|im_start|>assistant\n", ChatTemplate.CHATML.render(conversation, null, defaultSystem));
            assertEquals(expected, ChatTemplate.CHATML.render(conversation, null, defaultSystem, false), "no generation prompt");
        }
    }

    @Test
    void aSystemMessageLaterOnDoesNotReplaceTheDefaultAtTheStart() {
        var conversation = List.of(ChatMessage.user("Hi"), ChatMessage.system("Be brief."));
        assertEquals("<|im_start|>system\n" + QWEN_SYSTEM + "<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(conversation, null, QWEN_SYSTEM), "both templates test messages[0] only");
    }

    @Test
    void anUnknownTemplateRefusesChatNamingItsFirstLine() throws Exception {
        var file = new RandomModelFile();
        file.chatTemplate = "{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} [/INST]\n{% endfor %}";
        LocalModel model = LocalModel.load(file.write(dir));
        assertEquals(ChatTemplate.UNRECOGNISED, model.template());
        var e = assertThrows(GenerationException.class,
                () -> model.generator().promptTokens(GenerationRequest.chat(List.of(ChatMessage.user("Hi")))));
        assertTrue(e.getMessage().contains("{{ bos_token }}{% for m in messages %}[INST] {{ m.content }} [/INST]"), e.getMessage());
        assertTrue(model.generator().promptTokens(GenerationRequest.completion("Hi")).length > 0, "plain text still works");
    }

    @Test
    @Timeout(60)
    void llamaCppWritesTheSameTextForBothTemplates() {
        assumeTrue(LlamaCppReference.available(), "llama.cpp's library is bundled for Linux x86_64 only");
        String[] conversation = {"system", "Answer in one word.", "user", "Capital of France?",
                "assistant", "Paris", "user", "And of Italy?"};
        var messages = List.of(ChatMessage.system("Answer in one word."), ChatMessage.user("Capital of France?"),
                ChatMessage.assistant("Paris"), ChatMessage.user("And of Italy?"));
        for (String template : List.of(SMOLLM2, QWEN25)) {
            String defaultSystem = ChatTemplate.defaultSystemMessage(template);
            assertEquals(LlamaCppReference.applyTemplate(template, true, conversation),
                    ChatTemplate.CHATML.render(messages, null, defaultSystem, true));
            assertEquals(LlamaCppReference.applyTemplate(template, false, conversation),
                    ChatTemplate.CHATML.render(messages, null, defaultSystem, false));
        }
        assertNull(ChatTemplate.defaultSystemMessage(null));
    }
}
