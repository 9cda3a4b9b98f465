package dev.course.engine.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How much the JDK's own code uses each public type: the number of source files in {@code src.zip},
 * outside the type's own module, that can see the type (they import it, import its package with
 * {@code *}, or it is in {@code java.lang}) and name it. Measured, not chosen: {@code java.util.List}
 * is used by thousands of files across the modules, {@code javax.swing.JSpinner} by a handful
 * outside Swing's own module, an accessibility interface by almost none.
 *
 * <p>Why outside the type's own module: a big module such as {@code java.desktop} uses its own
 * types in every file, which says how big it is, not how much anyone else needs them. Why files and
 * not occurrences: a type named a thousand times in one file is one file's habit. The files of the
 * type's own module are counted apart (there the type's own package needs no import), so that
 * {@link #withSameModuleWeight} can let them count for part of a file, a weight chosen on
 * development questions.
 *
 * <p>The count becomes a prior in [0, 1] for search, {@link #prior(String)}: {@code log(1 + files) /
 * log(1 + most files)}, so that the everyday API can be preferred among results that match a
 * question about equally well. Reading the whole {@code src.zip} (about 15,000 files) takes 10 to 20
 * seconds on two cores.
 */
public final class TypeUsage {

    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?([\\w.]+?)(\\.\\*)?\\s*;");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*\\b");
    private static final String JAVA_LANG = "java.lang";

    private final Map<String, Integer> files;
    private final Map<String, Integer> sameModuleFiles;
    private final double sameModuleWeight;
    private final double most;

    private TypeUsage(Map<String, Integer> files, Map<String, Integer> sameModuleFiles, double sameModuleWeight) {
        this.files = Map.copyOf(files);
        this.sameModuleFiles = Map.copyOf(sameModuleFiles);
        this.sameModuleWeight = sameModuleWeight;
        var types = new HashSet<>(files.keySet());
        types.addAll(sameModuleFiles.keySet());
        this.most = types.stream().mapToDouble(this::weightedFiles).max().orElse(0);
    }

    /** Counts the uses of the public top-level types of {@code sourceZip}'s exported packages. */
    public static TypeUsage of(Path sourceZip) {
        JdkApiCorpus.requireSources(sourceZip);
        Map<String, Set<String>> exported = JdkApiCorpus.exportedPackages();
        try (ZipFile zip = new ZipFile(sourceZip.toFile())) {
            // The types that can be counted: package -> its top-level types (simple name -> module).
            var typesByPackage = new HashMap<String, Map<String, String>>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                JdkApiCorpus.SourceFile file = JdkApiCorpus.SourceFile.of(entry.getName());
                if (file != null && exported.getOrDefault(file.module(), Set.of()).contains(file.packageName())) {
                    String simple = file.typeName().substring(file.packageName().length() + 1);
                    typesByPackage.computeIfAbsent(file.packageName(), p -> new HashMap<>()).put(simple, file.module());
                }
            }
            var counts = new HashMap<String, Integer>();
            var sameModule = new HashMap<String, Integer>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                JdkApiCorpus.SourceFile file = JdkApiCorpus.SourceFile.of(entry.getName());
                if (file != null) {
                    countFile(file.module(), file.packageName(), JdkApiCorpus.read(zip, entry), typesByPackage, counts, sameModule);
                }
            }
            return new TypeUsage(counts, sameModule, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceZip, e);
        }
    }

    /** The file, in a JDK index's folder, that keeps the counts ({@link #save}, {@link #load}). */
    public static final String FILE = "type-usage.tsv";

    /** Writes the counts, one {@code type<TAB>files of other modules<TAB>files of its own module} line each, sorted by type. */
    public void save(Path file) throws IOException {
        var types = new TreeSet<>(files.keySet());
        types.addAll(sameModuleFiles.keySet());
        var lines = new ArrayList<String>();
        for (String type : types) {
            lines.add(type + "\t" + files(type) + "\t" + sameModuleFiles.getOrDefault(type, 0));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads counts that {@link #save} wrote. */
    public static TypeUsage load(Path file) throws IOException {
        var counts = new HashMap<String, Integer>();
        var sameModule = new HashMap<String, Integer>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length >= 2) {
                counts.put(fields[0], Integer.parseInt(fields[1].strip()));
                if (fields.length >= 3) {
                    sameModule.put(fields[0], Integer.parseInt(fields[2].strip()));
                }
            }
        }
        return new TypeUsage(counts, sameModule, 0);
    }

    /** Usage counts given directly (tests, or counts measured elsewhere): files of other modules, and of the type's own. */
    public static TypeUsage ofCounts(Map<String, Integer> filesByType, Map<String, Integer> sameModuleFilesByType) {
        return new TypeUsage(filesByType, sameModuleFilesByType, 0);
    }

    /** Usage counts of other modules' files only. */
    public static TypeUsage ofCounts(Map<String, Integer> filesByType) {
        return ofCounts(filesByType, Map.of());
    }

    /**
     * These counts with a module's own files counted too, each as {@code weight} of another module's
     * file: 0 (the default) ignores them, 1 counts every file alike.
     */
    public TypeUsage withSameModuleWeight(double weight) {
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("the same-module weight must be at least 0, got " + weight);
        }
        return new TypeUsage(files, sameModuleFiles, weight);
    }

    /** The weight of a module's own files, {@link #withSameModuleWeight}. */
    public double sameModuleWeight() {
        return sameModuleWeight;
    }

    private double weightedFiles(String type) {
        return files(type) + sameModuleWeight * sameModuleFiles.getOrDefault(type, 0);
    }

    /**
     * Adds one to every type that {@code source}, a file of {@code module} in {@code packageName},
     * can see and names: in {@code counts} when the type is of another module, in {@code sameModule}
     * when it is of the file's own (where the file's own package counts as imported).
     */
    static void countFile(String module, String packageName, String source, Map<String, Map<String, String>> typesByPackage,
                          Map<String, Integer> counts, Map<String, Integer> sameModule) {
        Set<String> names = new HashSet<>();
        Matcher name = TYPE_NAME.matcher(source);
        while (name.find()) {
            names.add(name.group());
        }
        Set<String> visible = new HashSet<>();
        addPackage(JAVA_LANG, typesByPackage, visible);
        addPackage(packageName, typesByPackage, visible);
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            if (imports.group(1) != null) {
                continue; // static imports name members, not types
            }
            String imported = imports.group(2);
            if (imports.group(3) != null) {
                addPackage(imported, typesByPackage, visible);
            } else {
                String topLevel = topLevelType(imported);
                if (topLevel != null) {
                    visible.add(topLevel);
                }
            }
        }
        for (String type : visible) {
            int dot = type.lastIndexOf('.');
            Map<String, String> ofPackage = typesByPackage.get(type.substring(0, dot));
            String simple = type.substring(dot + 1);
            if (ofPackage != null && ofPackage.containsKey(simple) && names.contains(simple)) {
                (ofPackage.get(simple).equals(module) ? sameModule : counts).merge(type, 1, Integer::sum);
            }
        }
    }

    private static void addPackage(String pkg, Map<String, Map<String, String>> typesByPackage, Set<String> visible) {
        for (String simple : typesByPackage.getOrDefault(pkg, Map.of()).keySet()) {
            visible.add(pkg + "." + simple);
        }
    }

    /** {@code java.util.Map} for {@code java.util.Map.Entry}: the name up to its first capitalised part. */
    static String topLevelType(String qualifiedName) {
        List<String> parts = List.of(qualifiedName.split("\\."));
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).isEmpty() && Character.isUpperCase(parts.get(i).charAt(0))) {
                return String.join(".", parts.subList(0, i + 1));
            }
        }
        return null;
    }

    /** The number of files (outside its module) that use the top-level type {@code qualifiedName}. */
    public int files(String qualifiedName) {
        return files.getOrDefault(qualifiedName, 0);
    }

    /**
     * The prior of a document of the JDK corpus ({@code java.util.Map.Entry#getKey()} counts as
     * {@code java.util.Map}): {@code log(1 + files) / log(1 + most files)}, in [0, 1], where files
     * are other modules' files plus {@link #sameModuleWeight} times the type's own module's.
     */
    public double prior(String documentId) {
        String topLevel = topLevelType(documentId.split("#", 2)[0]);
        if (topLevel == null || most == 0) {
            return 0;
        }
        return Math.log1p(weightedFiles(topLevel)) / Math.log1p(most);
    }
}
