package dev.course.engine.rag;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The content words of a text, in two forms: the words as written ({@link #keywords}), to show a
 * learner and to build queries from, and their stems ({@link #stems}), to compare texts the way BM25
 * does ("vectors" and "vector" match). Stop words and the words every question is made of ("what",
 * "explain", "please") are dropped: they say how something is asked, not what.
 */
public final class Terms {

    /** Words that frame a question or a chatty request but carry no topic. */
    public static final Set<String> QUESTION_WORDS = Set.of("what", "which", "who", "whom", "whose", "why", "how",
            "when", "where", "does", "do", "did", "done", "can", "could", "should", "would", "will", "shall", "may",
            "might", "must", "is", "are", "was", "were", "am", "been", "being", "has", "have", "had", "having", "i",
            "me", "my", "mine", "we", "us", "our", "you", "your", "yours", "he", "him", "his", "she", "her", "its",
            "they", "them", "their", "hi", "hello", "hey", "thanks", "thank", "please", "tell", "explain",
            "describe", "know", "wondering", "wonder", "curious", "question", "questions", "help", "want", "wanted",
            "like", "just", "really", "actually", "also", "bit", "lot", "get", "got", "make", "makes", "made",
            "mean", "means", "use", "used", "uses", "using", "way", "ways", "thing", "things", "something",
            "anything", "some", "any", "about", "from", "into", "than", "then", "there", "here", "so", "very",
            "too", "more", "most", "much", "many", "own", "same", "other", "each", "every", "all", "both", "course",
            "lesson", "lessons", "reading", "read", "learn", "learning", "understand", "trying", "try", "work",
            "works", "happen", "happens", "exactly", "kind", "sort", "one", "ones", "say", "says", "said", "good",
            "don't", "doesn't", "i'm", "i've", "it's", "what's", "that's", "let", "give", "given", "example",
            "called", "name", "named");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'_\\-]*");
    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    private Terms() {
    }

    /** The content words of {@code text} as written (lower-case), each once, in order. */
    public static List<String> keywords(String text) {
        var words = new LinkedHashSet<String>();
        var m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT).replaceAll("['\\-_]+$", "");
            if (w.isEmpty() || isStopWord(w) || (w.length() < 2 && !Character.isDigit(w.charAt(0)))) {
                continue;
            }
            words.add(w);
        }
        return new ArrayList<>(words);
    }

    /** Whether {@code word} (lower-case) is a stop word or a question word. */
    public static boolean isStopWord(String word) {
        return QUESTION_WORDS.contains(word) || EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(word);
    }

    /**
     * The stems of the content words of {@code text}, each once. A compound is stemmed part by part, as
     * BM25's analyzer splits it: "384-dimensional" gives {@code 384} and {@code dimension}, so it matches
     * "384 dimensions", and "per-piece" matches "pieces".
     */
    public static Set<String> stems(String text) {
        var stems = new LinkedHashSet<String>();
        for (String word : keywords(text)) {
            stems.addAll(stemParts(word));
        }
        return stems;
    }

    /**
     * The stems of the <em>names</em> in {@code text}: words capitalised in the middle of a sentence
     * ("Zephyr", "SmolLM2") or containing a digit, at least two characters long (a lone "M" is a symbol,
     * as {@link #keywords} treats it). Linking two facts through "Zephyr" is evidence;
     * linking them through "default" is not.
     */
    public static Set<String> names(String text) {
        return names(text, null);
    }

    /**
     * The names in {@code text} as {@link #names(String)} finds them, plus capitalised words that open a
     * sentence when {@code context} never writes them in lower case. Every sentence starts with a capital,
     * so a capital there proves nothing on its own; but a word that is capitalised wherever it appears
     * ("Zephyr is the language Falcon is written in.") is a name wherever it stands.
     *
     * @param context the text the names are judged in (for the answerer: every given passage); null
     *                counts only the capitals in the middle of sentences
     */
    public static Set<String> names(String text, String context) {
        Set<String> lowerCase = context == null ? Set.of() : lowerCaseWords(context);
        var names = new LinkedHashSet<String>();
        for (Sentences.Sentence sentence : Sentences.split(text)) {
            var m = WORD.matcher(sentence.text());
            while (m.find()) {
                String word = m.group().replaceAll("['\\-_]+$", "");
                String lower = word.toLowerCase(Locale.ROOT);
                boolean upper = Character.isUpperCase(word.charAt(0));
                boolean capitalised = upper && (m.start() > 0 || (context != null && !lowerCase.contains(lower)));
                boolean digit = word.chars().anyMatch(Character::isDigit) && word.chars().anyMatch(Character::isLetter);
                if ((capitalised || digit) && !isStopWord(lower) && lower.length() >= 2) {
                    names.addAll(stemParts(lower));
                }
            }
        }
        return names;
    }

    /** The words {@code text} writes starting with a lower-case letter. */
    private static Set<String> lowerCaseWords(String text) {
        var words = new java.util.HashSet<String>();
        var m = WORD.matcher(text);
        while (m.find()) {
            if (Character.isLowerCase(m.group().charAt(0))) {
                words.add(m.group().replaceAll("['\\-_]+$", ""));
            }
        }
        return words;
    }

    /**
     * Whether a word is specific enough that its absence from everything found is worth another
     * search: a name, a word with a digit, or a long word. Short common words ("comes", "right") are not.
     */
    public static boolean isSpecific(String word, String context) {
        return word.length() >= SPECIFIC_LENGTH || word.chars().anyMatch(Character::isDigit)
                || names(context).containsAll(stemParts(word.toLowerCase(Locale.ROOT)));
    }

    /** Words at least this long count as specific. */
    public static final int SPECIFIC_LENGTH = 7;

    /**
     * One word's stem under the English analyzer BM25 uses (possessives and plurals removed, Porter
     * stemming); the parts of a compound are joined ("per-piece" gives {@code perpiec}). To compare
     * texts, use {@link #stemParts} or {@link #stems}, which keep the parts apart.
     */
    public static String stem(String word) {
        return String.join("", stemParts(word));
    }

    /**
     * The stems of one word's parts, in order: one for a plain word, several for a compound the analyzer
     * splits at hyphens or other punctuation ("recall@10" gives {@code recal} and {@code 10}); stop words
     * among the parts are dropped.
     */
    public static List<String> stemParts(String word) {
        var out = new ArrayList<String>();
        try (TokenStream stream = ANALYZER.tokenStream("body", word)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!term.isEmpty()) out.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
