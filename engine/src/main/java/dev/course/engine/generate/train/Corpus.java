package dev.course.engine.generate.train;

import dev.course.engine.corpus.ApiMember;
import dev.course.engine.corpus.FolderCorpus;
import dev.course.engine.corpus.JdkApiCorpus;
import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.corpus.Progress;
import dev.course.engine.generate.bpe.BpeTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text to train on, as documents joined by {@link BpeTrainer#END_OF_TEXT}:
 *
 * <ul>
 *   <li>{@code lessons}: the course's own Markdown, packaged on the class path under {@code course/};</li>
 *   <li>{@code jdk}: the Javadoc and public declarations of {@code java.lang}, {@code java.util} and
 *       friends, read from the JDK's {@code lib/src.zip} by the corpus package's one JDK reader
 *       ({@link JdkApiCorpus});</li>
 *   <li>a folder: the files {@link FolderCorpus} reads (Markdown, text and Java), whole.</li>
 * </ul>
 * Several can be combined with commas: {@code lessons,jdk} (the default).
 */
public final class Corpus {

    /** The default: the course text and JDK documentation. */
    public static final String DEFAULT = "lessons,jdk";
    /** At most this many characters from the JDK (enough for minutes of training). */
    public static final int JDK_MAX_CHARS = 3_000_000;
    /** At most this many characters from a folder. */
    public static final int FOLDER_MAX_CHARS = 5_000_000;

    private static final String SEPARATOR = "\n" + BpeTrainer.END_OF_TEXT + "\n";

    private Corpus() {
    }

    /** The text named by {@code spec}: {@code lessons}, {@code jdk}, a folder, or several joined by commas. */
    public static String load(String spec) {
        List<String> parts = new ArrayList<>();
        for (String name : spec.split(",")) {
            parts.add(switch (name.strip()) {
                case "lessons" -> lessons();
                case "jdk" -> jdk(Path.of(System.getProperty("java.home")));
                default -> folder(Path.of(name.strip()));
            });
        }
        return String.join(SEPARATOR, parts);
    }

    /** The lesson Markdown on the class path, whole files in course order ({@link LessonsCorpus#files()}). */
    public static String lessons() {
        if (!LessonsCorpus.available()) {
            throw new IllegalStateException("the lessons are not on the class path (course/index.txt is missing); "
                    + "run from the course application, or train on a folder instead: --corpus lessons/content");
        }
        return String.join(SEPARATOR, LessonsCorpus.packaged().files().stream().map(LessonsCorpus.LessonFile::markdown).toList());
    }

    /**
     * The JDK's everyday packages ({@link JdkApiCorpus#CORE_PACKAGES}, in that order) as the course's
     * one JDK reader gives them: for each public type, its own and its documented members' Javadoc
     * (the main description) each followed by the declaration, one document per top-level type, in
     * a form like "Returns the length of this string.\npublic int length()"; at most
     * {@value #JDK_MAX_CHARS} characters.
     */
    public static String jdk(Path javaHome) {
        Path zip = javaHome.resolve("lib/src.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("no JDK sources at " + zip + "; install the JDK's src.zip (for example the "
                    + "openjdk-25-source package) or train on lessons or a folder");
        }
        List<ApiMember> members = new ArrayList<>(JdkApiCorpus.ofPackages(JdkApiCorpus.CORE_PACKAGES).from(zip).members(Progress.NONE));
        members.sort(Comparator.comparingInt(m -> JdkApiCorpus.CORE_PACKAGES.indexOf(JdkApiCorpus.packageOfId(m.id()))));
        return prose(members, JDK_MAX_CHARS);
    }

    /**
     * Members as training text: each one's {@link ApiMember#prose()}, a blank line between members,
     * the end-of-text separator between top-level types; stops once {@code maxChars} is passed.
     */
    static String prose(List<ApiMember> members, int maxChars) {
        var out = new StringBuilder();
        String type = null;
        for (ApiMember member : members) {
            if (out.length() > maxChars) {
                break;
            }
            String topLevel = topLevelType(member.id());
            if (type != null && !topLevel.equals(type)) {
                out.append(SEPARATOR);
            }
            type = topLevel;
            out.append(member.prose()).append("\n\n");
        }
        return out.toString();
    }

    /** {@code java.util.Map} for {@code java.util.Map.Entry#getKey()}. */
    private static String topLevelType(String id) {
        String type = id.split("#", 2)[0];
        String pkg = JdkApiCorpus.packageOfId(id);
        int dot = type.indexOf('.', pkg.isEmpty() ? 0 : pkg.length() + 1);
        return dot < 0 ? type : type.substring(0, dot);
    }

    /** The files {@link FolderCorpus} reads under {@code dir}, whole, in path order. */
    public static String folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir + " (the corpus is lessons, jdk, or a folder)");
        }
        var out = new StringBuilder();
        for (Path file : new FolderCorpus(dir).files()) {
            if (out.length() > FOLDER_MAX_CHARS) break;
            out.append(FolderCorpus.read(file)).append(SEPARATOR);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no " + String.join(", ", FolderCorpus.FILE_TYPES.stream().sorted()
                    .map(type -> "." + type).toList()) + " files to train on");
        }
        return out.toString();
    }
}
