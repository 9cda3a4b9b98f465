package dev.course.engine.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How much code written outside the JDK uses each JDK type and member: the number of a library's
 * top-level classes whose compiled constant pool names the type (a class, a field's or a method's
 * descriptor) or the member (a field or method reference; constructors as {@code <init>}). The
 * libraries are the jars of a local Maven repository, the newest version of each artifact.
 *
 * <p>Why not the JDK's own sources ({@link TypeUsage}): the JDK is old code that keeps its old
 * types, and it names {@code java.util.Date} in 63 files of other modules and
 * {@code java.time.LocalDate} in 2, so a prior counted there favours the legacy API. Why members and
 * not only types: {@code String} is everyday, {@code String#stripIndent()} is not
 * (3 classes against {@code trim()}'s 706), and a question asks for a member.
 *
 * <p>The counts are a measurement, kept as a generated table ({@value #RESOURCE}, beside this class)
 * with the command that made it and the jars it read named in its header; {@link #main} regenerates it.
 * The prior of a document is {@code log(1 + count) / log(1 + the largest count)}, members against
 * members and types against types, in [0, 1].
 */
public final class LibraryUsage {

    /** The generated table, a resource beside this class. */
    public static final String RESOURCE = "library-usage.tsv";

    /** A class name inside a descriptor or signature: {@code Ljava/util/List;} or {@code Ljava/util/List<}. */
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+)[;<]");

    private final Map<String, Integer> types;
    private final Map<String, Integer> members;
    private final double mostTypes;
    private final double mostMembers;

    private LibraryUsage(Map<String, Integer> types, Map<String, Integer> members) {
        this.types = Map.copyOf(types);
        this.members = Map.copyOf(members);
        this.mostTypes = Math.log1p(types.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        this.mostMembers = Math.log1p(members.values().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /** Counts given directly: types by qualified name, members as {@code java.lang.String#trim}. */
    public static LibraryUsage ofCounts(Map<String, Integer> typeCounts, Map<String, Integer> memberCounts) {
        for (String member : memberCounts.keySet()) {
            if (!member.contains("#")) {
                throw new IllegalArgumentException("a member is named type#name, got " + member);
            }
        }
        return new LibraryUsage(typeCounts, memberCounts);
    }

    /** The table shipped with the engine ({@value #RESOURCE}), read once. */
    public static LibraryUsage bundled() {
        return Bundled.USAGE;
    }

    private static final class Bundled {
        static final LibraryUsage USAGE = read();

        private static LibraryUsage read() {
            try (InputStream in = LibraryUsage.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the resource " + RESOURCE + " is missing beside " + LibraryUsage.class.getName());
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    /** Reads the lines {@link #lines} wrote: {@code name<TAB>count}, {@code #} starting a comment. */
    static LibraryUsage parse(List<String> lines) {
        var types = new HashMap<String, Integer>();
        var members = new HashMap<String, Integer>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 2) {
                throw new IllegalArgumentException("a usage line is name<TAB>count, got: " + line);
            }
            (fields[0].contains("#") ? members : types).put(fields[0], Integer.parseInt(fields[1].strip()));
        }
        return new LibraryUsage(types, members);
    }

    /** How many classes name the type {@code qualifiedName} (a top-level type). */
    public int typeCount(String qualifiedName) {
        return types.getOrDefault(qualifiedName, 0);
    }

    /** How many classes name the member {@code type#name} (all its overloads together). */
    public int memberCount(String member) {
        return members.getOrDefault(member, 0);
    }

    /**
     * The prior of a document of the JDK corpus: a type's document by its top-level type's count,
     * a member's ({@code java.lang.String#strip()}, {@code java.lang.Error#Error(Throwable)}) by its
     * own count over its overloads, a constructor as {@code <init>}.
     */
    public double prior(String documentId) {
        int hash = documentId.indexOf('#');
        if (hash < 0) {
            String topLevel = TypeUsage.topLevelType(documentId);
            return topLevel == null || mostTypes == 0 ? 0 : Math.log1p(typeCount(topLevel)) / mostTypes;
        }
        return mostMembers == 0 ? 0 : Math.log1p(memberCount(memberKey(documentId))) / mostMembers;
    }

    /** {@code java.lang.Error#<init>} for {@code java.lang.Error#Error(Throwable)}; {@code java.util.Map.Entry#getKey} for its method. */
    static String memberKey(String documentId) {
        String member = ApiMember.memberName(documentId);
        int hash = member.indexOf('#');
        String type = member.substring(0, hash);
        String name = member.substring(hash + 1);
        return type + "#" + (name.equals(type.substring(type.lastIndexOf('.') + 1)) ? "<init>" : name);
    }

    /** The table: the header lines (each written after {@code # }), then every type and member counted, sorted. */
    public List<String> lines(List<String> header) {
        var out = new ArrayList<String>();
        header.forEach(line -> out.add("# " + line));
        var all = new TreeMap<String, Integer>(types);
        all.putAll(members);
        all.forEach((name, count) -> out.add(name + "\t" + count));
        return out;
    }

    /**
     * Counts the uses in {@code jars}: each library class (not those of {@code java.}, {@code javax.} or
     * {@code jdk.} packages, which a jar may repackage) counts once for each type and member of the
     * JDK's exported packages that it or its nested classes name.
     */
    public static LibraryUsage count(List<Path> jars) {
        Set<String> exported = new HashSet<>();
        JdkApiCorpus.exportedPackages().values().forEach(exported::addAll);
        var types = new HashMap<String, Integer>();
        var members = new HashMap<String, Integer>();
        for (Path jar : jars) {
            countJar(jar, exported, types, members);
        }
        return new LibraryUsage(types, members);
    }

    private static void countJar(Path jar, Set<String> exported, Map<String, Integer> types, Map<String, Integer> members) {
        // A top-level class of the library -> the JDK types and members that it or its nested classes name.
        var typesOf = new HashMap<String, Set<String>>();
        var membersOf = new HashMap<String, Set<String>>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")
                        || name.endsWith("package-info.class") || name.startsWith("java/") || name.startsWith("javax/")
                        || name.startsWith("jdk/")) {
                    continue;
                }
                ClassModel model;
                try (InputStream in = zip.getInputStream(entry)) {
                    model = ClassFile.of().parse(in.readAllBytes());
                } catch (IllegalArgumentException malformed) {
                    continue; // a class file this JDK cannot parse counts for nothing
                }
                String owner = topLevel(name.substring(0, name.length() - ".class".length()));
                Set<String> named = typesOf.computeIfAbsent(owner, k -> new HashSet<>());
                Set<String> called = membersOf.computeIfAbsent(owner, k -> new HashSet<>());
                for (PoolEntry pooled : model.constantPool()) {
                    switch (pooled) {
                        case ClassEntry c -> addType(c.asInternalName(), exported, named);
                        case Utf8Entry text -> {
                            Matcher m = DESCRIPTOR_CLASS.matcher(text.stringValue());
                            while (m.find()) {
                                addType(m.group(1), exported, named);
                            }
                        }
                        case MemberRefEntry ref -> {
                            String type = ref.owner().asInternalName();
                            if (jdkType(type, exported) != null) {
                                called.add(type.replace('/', '.').replace('$', '.') + "#" + ref.name().stringValue());
                            }
                        }
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        typesOf.values().forEach(named -> named.forEach(t -> types.merge(t, 1, Integer::sum)));
        membersOf.values().forEach(called -> called.forEach(m -> members.merge(m, 1, Integer::sum)));
    }

    private static void addType(String internalName, Set<String> exported, Set<String> named) {
        if (internalName.startsWith("[")) {
            Matcher m = DESCRIPTOR_CLASS.matcher(internalName);
            while (m.find()) {
                addType(m.group(1), exported, named);
            }
            return;
        }
        String type = jdkType(internalName, exported);
        if (type != null) {
            named.add(type);
        }
    }

    /** {@code java.util.Map} for {@code java/util/Map$Entry} when its package is exported by the JDK, else null. */
    private static String jdkType(String internalName, Set<String> exported) {
        String type = topLevel(internalName).replace('/', '.');
        int dot = type.lastIndexOf('.');
        return dot > 0 && exported.contains(type.substring(0, dot)) ? type : null;
    }

    private static String topLevel(String internalName) {
        int dollar = internalName.indexOf('$');
        return dollar > 0 ? internalName.substring(0, dollar) : internalName;
    }

    /**
     * The main jar of the newest version of each artifact under a Maven repository
     * ({@code group/artifact/version/artifact-version.jar}; sources, javadoc and other classifiers left out),
     * sorted by path.
     */
    public static List<Path> newestJars(Path repository) throws IOException {
        var newest = new TreeMap<String, Path>();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                Path versionDir = jar.getParent();
                Path artifactDir = versionDir == null ? null : versionDir.getParent();
                if (artifactDir == null || artifactDir.getParent() == null) {
                    continue;
                }
                String artifact = artifactDir.getFileName().toString();
                String version = versionDir.getFileName().toString();
                if (!jar.getFileName().toString().equals(artifact + "-" + version + ".jar")) {
                    continue;
                }
                String key = repository.relativize(artifactDir).toString();
                Path seen = newest.get(key);
                if (seen == null || compareVersions(version, seen.getParent().getFileName().toString()) > 0) {
                    newest.put(key, jar);
                }
            }
        }
        return new ArrayList<>(newest.values());
    }

    /** Numeric parts compared in order ({@code 2.10.0} after {@code 2.9.1}), then the text. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static long number(String[] parts, int i) {
        if (i >= parts.length || parts[i].isEmpty()) {
            return 0;
        }
        String digits = parts[i].length() > 15 ? parts[i].substring(0, 15) : parts[i];
        return Long.parseLong(digits);
    }

    /**
     * Regenerates the table: {@code java -cp 'server/target/course-server.jar:server/target/lib/*'
     * dev.course.engine.corpus.LibraryUsage REPOSITORY OUT}, for example {@code ~/.m2/repository} and
     * {@code engine/src/main/resources/dev/course/engine/corpus/library-usage.tsv}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LibraryUsage MAVEN_REPOSITORY OUT_FILE");
            System.exit(2);
        }
        Path repository = Path.of(args[0]);
        if (!Files.isDirectory(repository)) {
            System.err.println("not a folder: " + repository);
            System.exit(2);
        }
        List<Path> jars = newestJars(repository);
        LibraryUsage usage = count(jars);
        var header = new ArrayList<String>();
        header.add("How many top-level classes of the jars below name each JDK type and member (LibraryUsage).");
        header.add("Generated by: java -cp 'server/target/course-server.jar:server/target/lib/*' dev.course.engine.corpus.LibraryUsage ~/.m2/repository OUT");
        header.add("on " + Runtime.version() + "; " + jars.size() + " jars, the newest version of each artifact (path under the repository):");
        for (Path jar : jars) {
            header.add("jar " + repository.relativize(jar));
        }
        Files.write(Path.of(args[1]), usage.lines(header), StandardCharsets.UTF_8);
        System.out.println(jars.size() + " jars; " + usage.types.size() + " types and " + usage.members.size() + " members counted");
    }
}
