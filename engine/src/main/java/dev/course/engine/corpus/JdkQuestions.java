package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.EvalQuery;
import dev.course.engine.eval.Qrels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small test collection written for this course: 30 questions a Java programmer might type,
 * phrased the way people ask rather than the way the Javadoc is written ("remove spaces at the
 * start and end of a string", not "strip"), with graded judgements over {@link JdkApiCorpus#sample()}:
 * gain 2 for a member that answers the question, 1 for one that helps (a close relative, a step on
 * the way). The judged documents were pooled from the top 8 of BM25, BGE and MiniLM for each
 * question and judged by hand; anything not judged counts as not relevant, as usual.
 *
 * <p>Small and made by one person, so its numbers wobble more than Cranfield's; it exists so that
 * lessons (and tests) can measure search without any download. The reproducible benchmark is
 * {@code ./course eval --dataset cranfield:PATH}.
 */
public final class JdkQuestions {

    /** Question, then its judged documents as {@code gain id} lines, indented. */
    static final String JUDGEMENTS = """
            how do I make text upper case
              2 java.lang.String#toUpperCase(Locale)
            remove spaces at the start and end of a string
              2 java.lang.String#strip()
              2 java.lang.String#trim()
              1 java.lang.String#stripLeading()
              1 java.lang.String#stripTrailing()
            check whether a string contains nothing but whitespace
              2 java.lang.String#isBlank()
              1 java.lang.String#isEmpty()
            split a sentence into words
              2 java.lang.String#split(String,int)
              1 java.lang.String#splitWithDelimiters(String,int)
            join several strings with a comma between them
              2 java.lang.String#join(CharSequence,CharSequence...)
              2 java.util.stream.Collectors#joining()
            repeat a string several times
              2 java.lang.String#repeat(int)
            square root of a number
              2 java.lang.Math#sqrt(double)
              1 java.lang.Math#cbrt(double)
            round a decimal number to the nearest whole number
              2 java.lang.Math#round(float)
              2 java.lang.Math#rint(double)
              1 java.lang.Math#floor(double)
              1 java.lang.Math#ceil(double)
            the larger of two numbers
              2 java.lang.Math#max(int,int)
            sort a list
              2 java.util.Collections#sort(List<T>)
              2 java.util.List#sort(Comparator<? super E>)
              1 java.util.stream.Stream#sorted()
            shuffle the elements of a list into random order
              2 java.util.Collections#shuffle(List<?>)
            a list that cannot be modified
              2 java.util.Collections#unmodifiableList(List<? extends T>)
              2 java.util.List#of()
              2 java.util.List#copyOf(Collection<? extends E>)
              1 java.util.stream.Collectors#toUnmodifiableList()
              1 java.util.stream.Stream#toList()
              1 java.util.Collections#unmodifiableCollection(Collection<? extends T>)
            get a value from a map or a default if the key is missing
              2 java.util.Map#getOrDefault(Object,V)
              1 java.util.Map#get(Object)
              1 java.util.Map#containsKey(Object)
            count how many times each word occurs
              2 java.util.stream.Collectors#groupingBy(Function<? super T, ? extends K>)
              2 java.util.stream.Collectors#counting()
              2 java.util.Collections#frequency(Collection<?>,Object)
              1 java.util.Map#merge(K,V,BiFunction<? super V, ? super V, ? extends V>)
            read all lines of a text file
              2 java.nio.file.Files#readAllLines(Path,Charset)
              2 java.nio.file.Files#lines(Path,Charset)
              1 java.nio.file.Files#readString(Path)
              1 java.nio.file.Files#newBufferedReader(Path,Charset)
            write a string to a file
              2 java.nio.file.Files#writeString(Path,CharSequence,OpenOption...)
              1 java.nio.file.Files#write(Path,byte[],OpenOption...)
            does a file exist
              2 java.nio.file.Files#exists(Path,LinkOption...)
              1 java.nio.file.Files#notExists(Path,LinkOption...)
            make a new directory including missing parent folders
              2 java.nio.file.Files#createDirectories(Path,FileAttribute<?>...)
              1 java.nio.file.Files#createDirectory(Path,FileAttribute<?>...)
            file name without the folder
              2 java.nio.file.Path#getFileName()
            add days to a date
              2 java.time.LocalDate#plusDays(long)
              1 java.time.LocalDate#plus(TemporalAmount)
            is it a leap year
              2 java.time.LocalDate#isLeapYear()
            number of days between two dates
              2 java.time.LocalDate#until(Temporal,TemporalUnit)
              1 java.time.LocalDate#datesUntil(LocalDate)
            a value that may be absent instead of null
              2 java.util.Optional
              2 java.util.Optional#ofNullable(T)
              1 java.util.Optional#empty()
              1 java.util.Optional#of(T)
            throw an exception if an argument is null
              2 java.util.Objects#requireNonNull(T)
              1 java.util.Optional#orElseThrow()
            keep only the elements that match a condition
              2 java.util.stream.Stream#filter(Predicate<? super T>)
              1 java.util.Optional#filter(Predicate<? super T>)
              1 java.util.List#retainAll(Collection<?>)
            transform each element of a stream
              2 java.util.stream.Stream#map(Function<? super T, ? extends R>)
            collect a stream into a list
              2 java.util.stream.Stream#toList()
              2 java.util.stream.Collectors#toList()
              1 java.util.stream.Collectors#toUnmodifiableList()
              1 java.util.stream.Stream#collect(Supplier<R>,BiConsumer<R, ? super T>,BiConsumer<R, R>)
            first element of a stream
              2 java.util.stream.Stream#findFirst()
            equality test that handles null
              2 java.util.Objects#equals(Object,Object)
              1 java.util.Objects#deepEquals(Object,Object)
            hash code of several values
              2 java.util.Objects#hash(Object...)
              1 java.util.Objects#hashCode(Object)
            """;

    private JdkQuestions() {
    }

    /** The questions and judgements over {@link JdkApiCorpus#sample()}, which is read now. */
    public static Dataset dataset() {
        return dataset(JdkApiCorpus.sample().documents());
    }

    /** The questions and judgements over documents read already (they must be the sample's). */
    public static Dataset dataset(List<Document> sample) {
        return parse("jdk-questions", JUDGEMENTS, sample);
    }

    /**
     * Reads judgements written as {@link #JUDGEMENTS} is: a question per line, then its judged
     * documents as indented {@code gain id} lines. Blank lines and lines starting with {@code #} are
     * skipped. Queries are numbered {@code q1, q2, …} in order.
     */
    static Dataset parse(String name, String judgements, List<Document> documents) {
        var queries = new ArrayList<EvalQuery>();
        var gains = new LinkedHashMap<String, Map<String, Integer>>();
        int lineNumber = 0;
        for (String line : judgements.lines().toList()) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                String id = "q" + (queries.size() + 1);
                queries.add(new EvalQuery(id, line.strip()));
                gains.put(id, new LinkedHashMap<>());
            } else {
                String[] parts = line.strip().split(" ", 2);
                if (queries.isEmpty() || parts.length < 2 || !parts[0].matches("[0-9]+")) {
                    throw new IllegalArgumentException(name + " line " + lineNumber
                            + ": expected an indented 'GAIN ID' under a question, got: " + line.strip());
                }
                gains.get(queries.getLast().id()).put(parts[1], Integer.parseInt(parts[0]));
            }
        }
        return new Dataset(name, documents, queries, new Qrels(gains));
    }
}
