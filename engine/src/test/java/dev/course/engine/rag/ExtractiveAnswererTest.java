package dev.course.engine.rag;

import dev.course.engine.corpus.MarkdownSections;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the extractive answerer chooses sentences, on passages written for each rule. Most tests run
 * without a model (scores are then word overlaps alone), so that every number is known; the chain test
 * uses MiniLM, as the pipeline does.
 */
class ExtractiveAnswererTest {

    private static final ExtractiveAnswerer WORDS_ONLY = new ExtractiveAnswerer(null);

    private static Passage passage(int n, String title, String text) {
        return new Passage(n, "p" + n, title, text, "test");
    }

    @Test
    void rareQuestionWordsWeighMoreThanWordsEveryPassageShares() {
        var weights = ExtractiveAnswerer.rarity(Set.of("logit", "languag"),
                List.of(Set.of("languag", "model"), Set.of("languag"), Set.of("languag", "logit"), Set.of("model")));
        assertTrue(weights.get("logit") > 2 * weights.get("languag"), weights.toString());
    }

    @Test
    void theSentenceWithTheRareWordAnswersOverOnesRepeatingCommonWords() {
        // retrieval found these passages because they mention the model; which one answers is told by "logits"
        var passages = List.of(
                passage(1, "Reading", "A model reads tokens, and a bigger model reads them with more layers."),
                passage(2, "Training", "Every model is trained on a large body of text from the web."),
                passage(3, "Sizes", "A small model fits on a laptop and a large model needs a server."),
                passage(4, "Writing", "The model writes one token at a time, each chosen from a distribution."),
                passage(5, "Output", "The output layer gives one score per token, and these scores are the logits."));
        Answer answer = WORDS_ONLY.answer("What are the logits of a model?", passages);
        assertFalse(answer.abstained(), answer.note());
        assertEquals(5, answer.citations().getFirst().n(), answer.toString());
    }

    @Test
    void betweenTwoEquallyGoodPassagesTheOneRetrievalFoundFirstScoresHigher() {
        // the same title and words, found first and second: only retrieval's order tells them apart
        String question = "What does greedy decoding take at every step?";
        String text = "Greedy decoding takes the most probable token at every step, so it repeats itself.";
        var first = passage(1, "Sampling › Greedy", text);
        var second = passage(2, "Sampling › Greedy", text.replace("step,", "step;"));  // the same words, not a duplicate
        var passages = List.of(first, second);
        var scored = WORDS_ONLY.score(question, passages);
        var weights = ExtractiveAnswerer.rarity(Terms.stems(question), List.of(Terms.stems(text), Terms.stems(text)));
        double gap = ExtractiveAnswerer.passageScore(Terms.stems(question), first, scored, weights)
                - ExtractiveAnswerer.passageScore(Terms.stems(question), second, scored, weights);
        assertEquals(ExtractiveAnswerer.RANK_PRIOR / 2, gap, 1e-9, scored.toString());
    }

    @Test
    void aSentenceIsReadInItsSection() {
        // two sentences with the same question words, in two sections: only one section is about the question
        var passages = List.of(
                passage(1, "Ticket machines › Printing receipts", "It keeps a small number of candidates and drops the rest before the next step."),
                passage(2, "Beam search › Candidates", "They keep a small number of candidates and drop the rest before the next step."));
        Answer answer = WORDS_ONLY.answer("How many candidates does beam search keep?", passages);
        assertEquals(List.of(2), answer.citations().stream().map(Citation::n).toList(), "the section titled beam search answers: " + answer);
        var scored = WORDS_ONLY.score("How many candidates does beam search keep?", passages);
        assertTrue(scored.stream().filter(s -> s.n() == 2).findFirst().orElseThrow().context()
                > scored.stream().filter(s -> s.n() == 1).findFirst().orElseThrow().context(), scored.toString());
    }

    @Test
    void theAnswerQuotesOnePassageRatherThanACollage() {
        var passages = List.of(
                passage(1, "Sampling › Greedy", "Greedy decoding always takes the most probable token. "
                        + "Once a phrase is likely, repeating it stays likely, so greedy text loops."),
                passage(2, "Sampling › Temperature", "A token is drawn from the distribution after dividing the logits by the temperature."));
        Answer answer = WORDS_ONLY.answer("Why does greedy decoding repeat itself?", passages);
        assertFalse(answer.abstained(), answer.note());
        assertTrue(answer.citations().stream().allMatch(c -> c.n() == 1), answer.toString());
        assertTrue(answer.text().contains("stays likely"), "the reason, not only the claim: " + answer);
    }

    @Test
    void aWhyQuestionPrefersTheSentenceThatExplains() {
        assertTrue(ExtractiveAnswerer.asksWhyOrHow("Why does BM25 saturate?"));
        assertTrue(ExtractiveAnswerer.asksWhyOrHow("How do rotary embeddings encode position?"));
        assertFalse(ExtractiveAnswerer.asksWhyOrHow("How many layers does the model have?"));
        assertFalse(ExtractiveAnswerer.asksWhyOrHow("What is BM25?"));
        assertTrue(ExtractiveAnswerer.explains("Scores saturate because a term's count is divided by itself plus k1."));
        assertFalse(ExtractiveAnswerer.explains("BM25 scores saturate with the term's count."));

        var passages = List.of(passage(1, "BM25", "BM25 scores saturate with the count of a term in a document. "
                + "The count is divided by itself plus k1, which means that the tenth mention of a term adds little to the score."));
        var why = WORDS_ONLY.score("Why do BM25 scores saturate with the count of a term?", passages);
        var what = WORDS_ONLY.score("Do BM25 scores saturate with the count of a term?", passages);
        assertTrue(why.stream().filter(s -> s.text().startsWith("The count")).findFirst().orElseThrow().score()
                > what.stream().filter(s -> s.text().startsWith("The count")).findFirst().orElseThrow().score(),
                "the explaining sentence gains only when the question asks why: " + why + " / " + what);
    }

    @Test
    void aShortClaimBringsTheSentenceThatSaysWhy() {
        var passages = List.of(passage(1, "Length and cosine similarity",
                "Cosine similarity ignores length on purpose. Dividing the dot product by both lengths leaves only the angle between the vectors.\n"
                        + "Unrelated paragraph about vectors in general and nothing else at all."));
        Answer answer = new ExtractiveAnswerer(null, 2, 0, 0.5).answer("Why does cosine similarity ignore length?", passages);
        assertEquals("Cosine similarity ignores length on purpose. [1] Dividing the dot product by both lengths leaves only "
                + "the angle between the vectors. [1]", answer.text());
    }

    @Test
    void aShortReasonAfterTheBestSentenceJoinsAWhyAnswer() {
        var passages = List.of(passage(1, "Evaluating search › From a ranked list to one number",
                "DCG adds up the gains of the top results, each divided by the logarithm of its rank plus one. People read from the top.\n"
                        + "Unrelated paragraph about judged documents and nothing else at all."));
        Answer answer = new ExtractiveAnswerer(null, 2, 0, 0.5).answer("Why does DCG divide each gain by the logarithm of its rank?", passages);
        assertEquals("DCG adds up the gains of the top results, each divided by the logarithm of its rank plus one. [1] "
                + "People read from the top. [1]", answer.text());
    }

    @Test
    void theReasonAfterAChunksLastSentenceComesFromTheNextChunkOfTheSameSection() {
        // overlapping chunks of one section: the claim ends chunk 0, the reason follows it in chunk 1
        String claim = "Purity is low: k-means finds real structure but not the packages.";
        String reason = "The algorithm groups by whatever divides the texts most, so the clusters need not be the packages.";
        String question = "Why do the clusters of k-means not match the packages?";
        var chunk0 = new Passage(1, "search/clustering#groups#0", "Clustering › Groups",
                "Now forget the labels. K-means looks for centres such that every vector is close to one. " + claim, "test");
        Answer sameSection = new ExtractiveAnswerer(null, 2, 0, 0.5).answer(question, List.of(chunk0,
                new Passage(2, "search/clustering#groups#1", "Clustering › Groups", claim + " " + reason, "test")));
        // chunk 1 holds both sentences, so both cite it: the pair as it was written, and no citation of a chunk without the reason
        assertEquals(claim + " [2] " + reason + " [2]", sameSection.text());
        // the same words in a chunk of another section continue another argument: they do not join
        Answer otherSection = new ExtractiveAnswerer(null, 2, 0, 0.5).answer(question, List.of(chunk0,
                new Passage(2, "search/other#groups#1", "Other › Groups", claim + " " + reason, "test")));
        assertTrue(otherSection.text().startsWith(claim + " [1]") && !otherSection.text().contains(reason + " [2]"),
                otherSection.text());
    }

    @Test
    void aSentenceThatRefersBackBringsTheOneBeforeItEvenFromTheNeighbouringChunk() {
        // overlapping chunks of one section: the reason ends chunk 1, the sentence that leans on it opens chunk 2
        var passages = List.of(
                passage(1, "Evaluating search › Relevance judgements", "Judgements come from people who read the documents. "
                        + "Anything not judged counts as not relevant. That is a known bias: a new system that finds a good "
                        + "document nobody judged is not rewarded for it."),
                passage(2, "Evaluating search › Relevance judgements", "That is a known bias: a new system that finds a good "
                        + "document nobody judged is not rewarded for it. Small collections wobble."));
        Answer answer = new ExtractiveAnswerer(null, 3, 0, 0.5).answer(
                "Why is a new search system not rewarded for finding a good document nobody judged?", passages);
        assertTrue(answer.text().startsWith("Anything not judged counts as not relevant. [1] That is a known bias: a new system "
                + "that finds a good document nobody judged is not rewarded for it. [1]"), answer.text());
        // retrieval found the later chunk first: the pair is still cited to the chunk that holds both
        Answer laterFirst = new ExtractiveAnswerer(null, 3, 0, 0.5).answer(
                "Why is a new search system not rewarded for finding a good document nobody judged?",
                List.of(passage(1, passages.get(1).title(), passages.get(1).text()), passage(2, passages.get(0).title(), passages.get(0).text())));
        assertTrue(laterFirst.text().startsWith("Anything not judged counts as not relevant. [2] That is a known bias: a new system "
                + "that finds a good document nobody judged is not rewarded for it. [2]"), laterFirst.text());
    }

    @Test
    void sentencesAboutTheCourseAreNotAnswers() {
        assertFalse(ExtractiveAnswerer.isCandidate("This lesson trains a small query adapter on the JDK questions in a cell."));
        assertFalse(ExtractiveAnswerer.isCandidate("In the foundations lesson, vectors were made up by hand for the figures."));
        assertFalse(ExtractiveAnswerer.isCandidate("Change temperature and topP and run the cell again to see the difference:"));
        assertTrue(ExtractiveAnswerer.isCandidate("Hybrid search is the safer default, which is why the engine of this track uses it."));
    }

    @Test
    void aLessonsRecapLosesToTheSectionItSumsUp() {
        var passages = List.of(
                passage(1, "Sampling › What you have now", "Greedy decoding picks the most likely token and loops; temperature reshapes the distribution."),
                passage(2, "Sampling › Greedy", "Greedy decoding picks the most likely token every time, so the same prompt always gives the same text."));
        Answer answer = WORDS_ONLY.answer("What does greedy decoding pick as the next token?", passages);
        assertEquals(2, answer.citations().getFirst().n(), answer.toString());
    }

    @Test
    void summariesExercisePromptsAndQuestionsAreNeverQuoted() {
        String text = MarkdownSections.SUMMARY_LABEL + "Why normalised vectors make the dot product the cosine, and how to use it.\n"
                + "A normalised vector has length one, so its dot product with another normalised vector is the cosine.\n"
                + MarkdownSections.EXERCISE_LABEL + "Normalise the two vectors and compute their dot product and their cosine.\n"
                + "Is the dot product of two normalised vectors always the cosine of their angle?";
        var scored = WORDS_ONLY.score("Why does the dot product of normalised vectors equal the cosine?", List.of(passage(1, "Vectors", text)));
        assertEquals(List.of("A normalised vector has length one, so its dot product with another normalised vector is the cosine."),
                scored.stream().map(ExtractiveAnswerer.Scored::text).toList());
    }

    @Test
    void aSummaryLineDoesNotMakeALessonsOpeningTheSectionThatAnswers() {
        String opening = MarkdownSections.SUMMARY_LABEL + "How BM25 rewards a term that appears many times, and long documents.\n"
                + "Before embeddings, search engines matched the words of a query against the words of each page.";
        assertFalse(ExtractiveAnswerer.context(passage(1, "Keyword search", opening)).contains("appears many times"),
                "the summary is no part of what the passage is judged by");
        var passages = List.of(passage(1, "Keyword search", opening),
                passage(2, "Keyword search › The formula", "A term that appears ten times adds little more than one that appears twice,"
                        + " so BM25 soon stops rewarding it."));
        Answer answer = WORDS_ONLY.answer("Why does BM25 stop rewarding a term that appears many times?", passages);
        assertEquals(2, answer.citations().getFirst().n(), answer.toString());
    }

    @Test
    void tableRowsAndLeadInsAreNoFurtherSentences() {
        assertFalse(ExtractiveAnswerer.isCandidate("| citation precision | the share of citations whose passage holds the answer |"));
        var passages = List.of(passage(1, "Metrics", "Citation precision is the share of citations whose passage holds the answer. "
                + "Citation precision is one of three numbers the evaluation prints:"));
        Answer answer = WORDS_ONLY.answer("What is citation precision?", passages);
        assertEquals(1, answer.citations().size(), "the lead-in promises a list the answer does not show: " + answer);
    }

    @Test
    void aQuestionForAMethodGetsItsDeclaration() {
        var string = passage(1, "java.lang.String", "Returns the length of this string. (public int length())\n"
                + "Returns a string whose value is this string, with all leading and trailing white space removed. (public String strip())");
        Answer answer = WORDS_ONLY.answer("Which method removes white space from both ends of a string?", List.of(string));
        assertEquals("(public String strip())", answer.citations().getFirst().quote(), answer.toString());
        assertTrue(answer.citations().get(1).quote().startsWith("Returns a string whose value"), answer.toString());
        var cut = passage(1, "java.lang.String", "Returns a string whose value is this string, with all leading and trailing white space removed. "
                + "This method may be used to strip white space from both ends of a string.");
        var next = passage(2, "java.lang.String", "white space removed. This method may be used to strip white space from both ends of a string. "
                + "(public String strip())\nReturns the length of this string. (public int length())");
        Answer overlapping = WORDS_ONLY.answer("Which method removes white space from both ends of a string?", List.of(cut, next));
        assertEquals(new Citation(2, "(public String strip())"), overlapping.citations().getFirst(),
                "the chunk after the chosen one still holds its declaration: " + overlapping);
        Answer why = WORDS_ONLY.answer("Why is white space removed from both ends of a string?", List.of(string));
        assertTrue(why.citations().stream().noneMatch(c -> c.quote().startsWith("(public")), "only a 'which method' question: " + why);
    }

    @Test
    void aNameTheSourcesNeverMentionMeansTheyAreAboutSomethingElse() {
        var passages = List.of(
                passage(1, "Vector indexes", "A vector index stores millions of vectors and answers nearest neighbour queries."),
                passage(2, "Costs", "Storing vectors costs memory: each stored vector of 384 numbers takes 1,536 bytes."));
        Answer answer = WORDS_ONLY.answer("How much does Pinecone charge per million stored vectors?", passages);
        assertTrue(answer.abstained(), answer.toString());
        assertTrue(answer.note().contains("pinecon"), answer.note());

        Answer named = WORDS_ONLY.answer("How many bytes does a stored vector of 384 numbers take?", passages);
        assertFalse(named.abstained(), "numbers the sources do mention are no reason to abstain: " + named.note());
    }

    @Test
    void theSecondHopJoinsTheAnswerEvenWhenItsNameOpensTheSentence() {
        // "Zephyr" starts the sentence that introduces it, so a capital there alone proves nothing; the
        // passages never write it in lower case, which makes it a name, and the chain Falcon → Zephyr →
        // Ada Marlow is followed
        var passages = List.of(
                passage(1, "The Falcon project", "Zephyr is the language the Falcon project is written in. "
                        + "Falcon schedules trains for a regional railway network."),
                passage(2, "Zephyr", "Zephyr was designed by Ada Marlow in 1987 at a small lab in Lyon."),
                passage(3, "Design", "Good language design balances simplicity, safety and speed."));
        Answer answer = new ExtractiveAnswerer(Fixtures.model())
                .answer("Who designed the language the Falcon project is written in?", passages);
        assertFalse(answer.abstained(), answer.toString());
        assertTrue(answer.text().contains("Ada Marlow"), answer.toString());
        assertEquals(1, answer.citations().getFirst().n(), answer.toString());
        assertTrue(answer.citations().stream().anyMatch(c -> c.n() == 2), "the second hop joins: " + answer);
    }

    @Test
    void anotherSectionOfTheSameLessonIsNoSecondHop() {
        // "Llama" links the two sentences and the second brings "number", which the first lacks: from
        // another document that is the chain's next hop; from the same lesson it is more of the same
        // subject, and quoting it would cite a passage without the answer
        String question = "How does Qwen2 pair the numbers of a head?";
        String pairs = "Qwen2 pairs the two halves of the head, where Llama pairs neighbours.";
        String base = "Llama stores its base as one number in the file it ships in.";
        Answer sameLesson = WORDS_ONLY.answer(question, List.of(new Passage(1, "rope#pairs", "RoPE › Pairs", pairs, "test"),
                new Passage(2, "rope#the-base", "RoPE › The base", base, "test")));
        assertFalse(sameLesson.abstained(), sameLesson.toString());
        assertTrue(sameLesson.citations().stream().allMatch(c -> c.n() == 1), "no hop within one lesson: " + sameLesson);

        Answer otherDocument = WORDS_ONLY.answer(question, List.of(new Passage(1, "rope#pairs", "RoPE › Pairs", pairs, "test"),
                new Passage(2, "llama#files", "Llama › Files", base, "test")));
        assertTrue(otherDocument.citations().stream().anyMatch(c -> c.n() == 2), "the hop to another document joins: " + otherDocument);
    }

    @Test
    void noSentenceCloseEnoughToTheQuestionMeansNoAnswer() {
        var passages = List.of(
                passage(1, "Sampling", "Temperature divides the logits before the softmax turns them into probabilities."),
                passage(2, "Bread", "Sourdough needs a warm kitchen and a patient baker."));
        Answer answer = new ExtractiveAnswerer(Fixtures.model()).answer("What is the boiling point of ethanol?", passages);
        assertTrue(answer.abstained(), answer.toString());
    }

    @Test
    void aPassageHoldingTheQuestionsWordsNeedsLessSimilarity() {
        // a floor no sentence reaches: only the covered question may answer, at MIN_SIMILARITY_WHEN_COVERED
        var strict = new ExtractiveAnswerer(Fixtures.model(), 4, 0.95, 0.5);
        var covering = List.of(passage(1, "Keyword search › Saturation", "BM25 stops rewarding a term that appears many "
                + "times, because each further occurrence adds less than the one before."));
        Answer covered = strict.answer("Why does BM25 stop rewarding a term that appears many times?", covering);
        assertFalse(covered.abstained(), covered.note());
        var partial = List.of(passage(1, "Keyword search › Terms", "BM25 scores a document by the terms it shares with the query."));
        Answer uncovered = strict.answer("Why does BM25 stop rewarding a term that appears many times?", partial);
        assertTrue(uncovered.abstained(), "appears, many, times and rewarding are missing: " + uncovered);
    }

    @Test
    void theMemberWhoseNameAddsNoQualifierIsTheOneAsked() {
        var strip = passage(2, "java.lang.String › strip()", "public String strip()\n"
                + "Returns a string whose value is this string, with all leading and trailing white space removed.");
        var stripIndent = passage(1, "java.lang.String › stripIndent()", "public String stripIndent()\n"
                + "Returns a string whose value is this string, with incidental white space removed from the beginning and end of every line.");
        Set<String> question = Terms.stems("Which method removes white space from both ends of a string?");
        assertEquals(0, ExtractiveAnswerer.unaskedNameWords(question, strip));
        assertEquals(1, ExtractiveAnswerer.unaskedNameWords(question, stripIndent), "indent narrows strip");
        assertEquals(0, ExtractiveAnswerer.unaskedNameWords(question, passage(3, "Keyword search › Stop words", "x")),
                "a lesson section is no member");
        Answer answer = WORDS_ONLY.answer("Which method removes white space from both ends of a string?", List.of(stripIndent, strip));
        assertEquals(2, answer.citations().getFirst().n(), "the answer opens with strip: " + answer);
    }

    @Test
    void scoresKeepTheirParts() {
        var scored = WORDS_ONLY.score("Why does BM25 discount long documents?",
                List.of(passage(1, "The formula", "Long documents are discounted by BM25, since they contain many words.")));
        var s = scored.getFirst();
        assertEquals(Set.of("bm25", "discount", "long", "document"), s.stems());
        assertEquals(1.0, s.similarity(), 1e-9, "without a model, similarity is the weighted word overlap");
        assertEquals(1.0, s.context(), 1e-9, "title and text contain every question word");
        assertEquals(1.0 + ExtractiveAnswerer.EXPLANATION_BONUS + ExtractiveAnswerer.FOCUS_BONUS, s.score(), 1e-9,
                "full marks, it explains (since) and holds the question's focus: " + s);
    }
}
