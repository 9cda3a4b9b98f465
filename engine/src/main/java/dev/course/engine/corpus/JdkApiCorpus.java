package dev.course.engine.corpus;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import dev.course.engine.chunk.Document;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Java library's API documentation, the course's one reader of the JDK's Javadoc: "search the
 * Java library by meaning", and the JDK part of RAG, training and evaluation.
 *
 * <p>Read from the JDK's own {@code lib/src.zip}: every top-level type of every package a system
 * module exports to everyone (the packages the API pages document), parsed with the JDK's compiler
 * (javac's {@link DocTrees}: the {@code com.sun.source} trees and their Javadoc, parse only, no
 * type checking), gives one {@link ApiMember} per visible type and one per visible documented
 * member (see {@link ApiScanner} for which). As search documents ({@link #documents}) they hold the
 * declaration and the first sentence of the Javadoc:
 *
 * <pre>
 * id     java.lang.String#indexOf(String,int)
 * title  java.lang.String › indexOf(String, int)
 * text   public int indexOf(String str, int fromIndex)
 *        Returns the index within this string of the first occurrence of the specified substring, ...
 *        string index of string int, in java lang          (the whole JDK only: {@link ApiMember#words})
 * </pre>
 *
 * Why the compiler rather than regular expressions: Javadoc comments contain code, generics nest,
 * members of interfaces are public without saying so and nested types hide inside other types;
 * the compiler's parser gets all of that right, and parsing without attribution is fast (the whole
 * exported JDK, about 4,850 files, in 15 to 25 seconds on two cores, in parallel batches).
 */
public final class JdkApiCorpus implements CorpusSource {

    /** Where the API pages of this JDK's release live; documents link there. */
    public static final String DOCS_URL = "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/";
    /** Files parsed per compiler task: small enough to report progress, large enough to amortise a task. */
    static final int FILES_PER_TASK = 120;

    /**
     * The types of the small JDK corpus that lessons use: everyday classes whose documented members
     * make a few hundred documents, parsed in about a second.
     */
    public static final List<String> SAMPLE_TYPES = List.of(
            "java.lang.String", "java.lang.Math", "java.util.List", "java.util.Map", "java.util.Collections",
            "java.util.Optional", "java.nio.file.Files", "java.nio.file.Path", "java.time.LocalDate",
            "java.util.stream.Stream", "java.util.stream.Collectors", "java.util.Objects");

    /**
     * The everyday packages of {@code java.base} (top level only), in this order: what RAG's
     * {@code jdk} source reads when no index of the whole JDK was built, and what training reads.
     */
    public static final List<String> CORE_PACKAGES = List.of("java.lang", "java.util", "java.util.stream",
            "java.util.function", "java.io", "java.nio.file", "java.time", "java.net", "java.math", "java.text");

    private final String name;
    private final Path sourceZip;
    private final Predicate<String> topLevelTypes;
    private final boolean firstOverloadOnly;
    private final boolean withWords;

    private JdkApiCorpus(String name, Path sourceZip, Predicate<String> topLevelTypes, boolean firstOverloadOnly,
                         boolean withWords) {
        this.name = Objects.requireNonNull(name, "name");
        this.sourceZip = Objects.requireNonNull(sourceZip, "sourceZip");
        this.topLevelTypes = Objects.requireNonNull(topLevelTypes, "topLevelTypes");
        this.firstOverloadOnly = firstOverloadOnly;
        this.withWords = withWords;
    }

    private JdkApiCorpus(String name, Path sourceZip, Predicate<String> topLevelTypes) {
        this(name, sourceZip, topLevelTypes, false, false);
    }

    /**
     * Every exported package of the running JDK, from its {@code lib/src.zip}, with names in words
     * ({@link ApiMember#documentWithWords()}): the capstone's corpus, {@code ./course index --corpus jdk}.
     */
    public static JdkApiCorpus all() {
        return new JdkApiCorpus("jdk", defaultSourceZip(), type -> true).withWords();
    }

    /** Only the given top-level types (qualified names, e.g. {@code java.util.List}) and their nested types. */
    public static JdkApiCorpus ofTypes(List<String> qualifiedNames) {
        Set<String> wanted = Set.copyOf(qualifiedNames);
        return new JdkApiCorpus("jdk-types", defaultSourceZip(), wanted::contains);
    }

    /** Only the types of the given packages (not their sub-packages). */
    public static JdkApiCorpus ofPackages(List<String> packages) {
        Set<String> wanted = Set.copyOf(packages);
        return new JdkApiCorpus("jdk-packages", defaultSourceZip(), type -> wanted.contains(packageOf(type)));
    }

    /**
     * {@link #SAMPLE_TYPES}, first overload only: about 490 documents, for lessons and tests (small
     * enough to embed in a few seconds inside a cell).
     */
    public static JdkApiCorpus sample() {
        return new JdkApiCorpus("jdk-sample", defaultSourceZip(), Set.copyOf(SAMPLE_TYPES)::contains).firstOverloadOnly();
    }

    /**
     * The package a document of this corpus belongs to: {@code java.util} for
     * {@code java.util.Map.Entry#getKey()} (nested types belong to their outer type's package).
     * A label that comes with the data, which the classification lesson predicts from the text.
     */
    public static String packageOf(Document document) {
        return packageOfId(document.id());
    }

    /** The package of a document id: {@code java.util} for {@code java.util.Map.Entry#getKey()}. */
    public static String packageOfId(String documentId) {
        String type = documentId.split("#", 2)[0];
        var packageParts = new java.util.ArrayList<String>();
        for (String part : type.split("\\.")) {
            if (part.isEmpty() || Character.isUpperCase(part.charAt(0))) {
                break;
            }
            packageParts.add(part);
        }
        return String.join(".", packageParts);
    }

    /**
     * What a document says in words: its Javadoc without the declaration on its first line, so
     * that type names in the signature do not give its package away.
     */
    public static String description(Document document) {
        String text = document.text();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(newline + 1).strip();
    }

    /** The same selection read from another {@code src.zip}. */
    public JdkApiCorpus from(Path otherSourceZip) {
        return new JdkApiCorpus(name, otherSourceZip, topLevelTypes, firstOverloadOnly, withWords);
    }

    /** The same selection whose documents end with their names in words ({@link ApiMember#documentWithWords()}). */
    public JdkApiCorpus withWords() {
        return new JdkApiCorpus(name, sourceZip, topLevelTypes, firstOverloadOnly, true);
    }

    /**
     * The same selection keeping only the first overload (in source order) of each method or
     * constructor: {@code Math.max(int, int)} stands for all four {@code max}es. Overloads mostly
     * share their first sentence, so a small corpus loses little by dropping them.
     */
    public JdkApiCorpus firstOverloadOnly() {
        return new JdkApiCorpus(name, sourceZip, topLevelTypes, true, withWords);
    }

    @Override
    public String name() {
        return name;
    }

    /** True for {@link #all()}: the whole JDK, whose index also keeps how much each type is used ({@link TypeUsage}). */
    public boolean isWholeJdk() {
        return name.equals("jdk");
    }

    public Path sourceZip() {
        return sourceZip;
    }

    /** {@code $JAVA_HOME/lib/src.zip} of the running JDK. */
    public static Path defaultSourceZip() {
        return Path.of(System.getProperty("java.home"), "lib", "src.zip");
    }

    /** Throws with what to do about it when the JDK was installed without its sources. */
    public static void requireSources(Path sourceZip) {
        if (!Files.isRegularFile(sourceZip)) {
            throw new IllegalStateException("the JDK's sources are missing: there is no " + sourceZip
                    + ". The JDK corpus is read from them. Install a JDK that includes lib/src.zip (Temurin and"
                    + " Oracle builds do; on Debian/Ubuntu install openjdk-25-source), or use another corpus:"
                    + " lessons, or a folder of Markdown files.");
        }
    }

    /** The search documents of {@link #members}: declaration and first sentence (and names in words, if asked for). */
    @Override
    public List<Document> documents(Progress progress) {
        return ApiMember.documents(members(progress), withWords);
    }

    /**
     * Parses the selected sources in parallel batches and returns their API members, in a stable
     * order (by module, then file). Progress counts files.
     */
    public List<ApiMember> members(Progress progress) {
        requireSources(sourceZip);
        Map<String, Set<String>> exported = exportedPackages();
        try (ZipFile zip = new ZipFile(sourceZip.toFile())) {
            List<ZipEntry> entries = new ArrayList<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                SourceFile file = SourceFile.of(entry.getName());
                if (file != null && exported.getOrDefault(file.module(), Set.of()).contains(file.packageName())
                        && topLevelTypes.test(file.typeName())) {
                    entries.add(entry);
                }
            }
            entries.sort(java.util.Comparator.comparing(ZipEntry::getName));
            List<ApiMember> members = parseAll(zip, entries, progress);
            return firstOverloadOnly ? firstOverloads(members) : members;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceZip, e);
        }
    }

    /** The members without later overloads: ids up to their parenthesis are kept once. */
    static List<ApiMember> firstOverloads(List<ApiMember> members) {
        var seen = new java.util.HashSet<String>();
        var out = new ArrayList<ApiMember>();
        for (ApiMember d : members) {
            if (seen.add(ApiMember.memberName(d.id()))) {
                out.add(d);
            }
        }
        return out;
    }

    private static List<ApiMember> parseAll(ZipFile zip, List<ZipEntry> entries, Progress progress) {
        var batches = new ArrayList<List<ZipEntry>>();
        for (int from = 0; from < entries.size(); from += FILES_PER_TASK) {
            batches.add(entries.subList(from, Math.min(entries.size(), from + FILES_PER_TASK)));
        }
        var done = new AtomicLong();
        progress.update("parsing JDK sources", 0, entries.size());
        if (batches.size() <= 1) {
            List<ApiMember> docs = batches.isEmpty() ? List.of() : parse(zip, batches.getFirst());
            progress.update("parsing JDK sources", entries.size(), entries.size());
            return docs;
        }
        int threads = Math.min(batches.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().name("jdk-parse").unstarted(r));
        try {
            var jobs = new ArrayList<Callable<List<ApiMember>>>();
            for (List<ZipEntry> batch : batches) {
                jobs.add(() -> {
                    List<ApiMember> docs = parse(zip, batch);
                    progress.update("parsing JDK sources", done.addAndGet(batch.size()), entries.size());
                    return docs;
                });
            }
            var out = new ArrayList<ApiMember>();
            for (Future<List<ApiMember>> f : pool.invokeAll(jobs)) {
                out.addAll(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the JDK sources", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One compiler task: parse the files (no type checking), then collect their API members. */
    private static List<ApiMember> parse(ZipFile zip, List<ZipEntry> batch) throws UncheckedIOException {
        var files = new ArrayList<JavaFileObject>();
        for (ZipEntry entry : batch) {
            files.add(new ZipSource(entry.getName(), read(zip, entry)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime (module jdk.compiler); run on a full JDK");
        }
        var task = (JavacTask) javac.getTask(null, null, diagnostic -> { }, List.of("-proc:none"), null, files);
        try {
            var docs = new ArrayList<ApiMember>();
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String module = SourceFile.of(unit.getSourceFile().toUri().getPath().substring(1)).module();
                new ApiScanner(trees, module, DOCS_URL, docs::add).scan(unit, null);
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(ZipFile zip, ZipEntry entry) {
        try (var in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.getName(), e);
        }
    }

    /** Module name to the packages it exports to every module (qualified exports are not API). */
    static Map<String, Set<String>> exportedPackages() {
        var out = new TreeMap<String, Set<String>>();
        for (ModuleReference ref : ModuleFinder.ofSystem().findAll()) {
            var packages = new TreeSet<String>();
            for (ModuleDescriptor.Exports export : ref.descriptor().exports()) {
                if (!export.isQualified()) {
                    packages.add(export.source());
                }
            }
            if (!packages.isEmpty()) {
                out.put(ref.descriptor().name(), packages);
            }
        }
        return out;
    }

    static String packageOf(String qualifiedType) {
        int dot = qualifiedType.lastIndexOf('.');
        return dot < 0 ? "" : qualifiedType.substring(0, dot);
    }

    /** An entry of src.zip, {@code module/pack/age/Type.java}, taken apart; null for anything else. */
    record SourceFile(String module, String packageName, String typeName) {

        static SourceFile of(String entryName) {
            if (!entryName.endsWith(".java") || entryName.endsWith("package-info.java")
                    || entryName.endsWith("module-info.java")) {
                return null;
            }
            int slash = entryName.indexOf('/');
            int last = entryName.lastIndexOf('/');
            if (slash < 0 || last <= slash) {
                return null;
            }
            String pkg = entryName.substring(slash + 1, last).replace('/', '.');
            String simple = entryName.substring(last + 1, entryName.length() - ".java".length());
            return new SourceFile(entryName.substring(0, slash), pkg, pkg + "." + simple);
        }
    }

    /** A source file held in memory, named after its zip entry. */
    private static final class ZipSource extends SimpleJavaFileObject {
        private final String content;

        ZipSource(String entryName, String content) {
            super(URI.create("jdk-src:///" + entryName), Kind.SOURCE);
            this.content = content;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return content;
        }
    }
}
