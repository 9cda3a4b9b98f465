package dev.course.engine.rag;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LessonCorpusTest {

    @Test
    void aFigureLeavesNothingInThePassageEvenWithBracketsInItsDescription() {
        // The reranking lesson's figure describes the pair input "[CLS] query [SEP] passage [SEP]" in its
        // alt text; a pattern that stopped at the first ']' left the rest as "sentences" an answer quoted.
        String line = "![Right: [CLS] query [SEP] passage [SEP] goes through one encoder.](figures/x.svg \"Two encoders.\") Text after.";
        assertEquals(" Text after.", LessonCorpus.plain(line));
        assertEquals("A link stays as its words.", LessonCorpus.plain("A [link](https://example.org) stays as its words."));
    }
}
