package dev.course.engine.corpus;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.TreePathScanner;

import javax.lang.model.element.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks one parsed source file with javac's {@link DocTrees} and emits an {@link ApiMember} for each
 * part of the API it declares:
 *
 * <ul>
 *   <li>every <b>visible type</b>: public at the top level; a nested type that is public or
 *       protected, or sits in an interface without being private, inside a visible type;</li>
 *   <li>every <b>visible member</b> of a visible type that has Javadoc of its own: constructors,
 *       methods, fields and enum constants that are public or protected (protected members are
 *       part of the API for subclasses, and the JDK's API pages show them), and members of interfaces
 *       and annotation types that are not private (those are public without saying so).</li>
 * </ul>
 *
 * Members whose comment is missing or only {@code {@inheritDoc}} are skipped: they are overrides
 * documented where they were first declared, and would be near-copies of that document. Method
 * bodies and field initialisers are never entered, so local and anonymous classes are ignored. A
 * member is deprecated when it is annotated {@code @Deprecated} or sits in a type that is (an
 * applet's methods are not marked one by one, yet nobody should be sent to them).
 */
final class ApiScanner extends TreePathScanner<Void, Void> {

    /** Modifiers worth showing in a signature; the rest (native, synchronized, ...) are implementation. */
    private static final Set<Modifier> SHOWN = EnumSet.of(Modifier.PUBLIC, Modifier.PROTECTED, Modifier.STATIC,
            Modifier.ABSTRACT, Modifier.FINAL, Modifier.DEFAULT, Modifier.SEALED, Modifier.NON_SEALED);

    /** A type being walked: its names, whether its members default to public, whether it (or a type around it) is deprecated. */
    private record Enclosing(String qualifiedName, String simpleName, String pagePath, Tree.Kind kind, boolean deprecated) {
        boolean membersPublicByDefault() {
            return kind == Tree.Kind.INTERFACE || kind == Tree.Kind.ANNOTATION_TYPE;
        }
    }

    private final DocTrees trees;
    private final String module;
    private final String docsUrl;
    private final Consumer<ApiMember> sink;
    private final Deque<Enclosing> enclosing = new ArrayDeque<>();
    private CompilationUnitTree unit;
    private String packageName = "";

    ApiScanner(DocTrees trees, String module, String docsUrl, Consumer<ApiMember> sink) {
        this.trees = trees;
        this.module = module;
        this.docsUrl = docsUrl;
        this.sink = sink;
    }

    @Override
    public Void visitCompilationUnit(CompilationUnitTree node, Void unused) {
        unit = node;
        packageName = node.getPackageName() == null ? "" : node.getPackageName().toString();
        for (Tree type : node.getTypeDecls()) {
            scan(type, null);
        }
        return null;
    }

    @Override
    public Void visitClass(ClassTree type, Void unused) {
        Set<Modifier> flags = type.getModifiers().getFlags();
        Enclosing outer = enclosing.peek();
        boolean visible = outer == null ? flags.contains(Modifier.PUBLIC) : memberVisible(flags, outer);
        if (!visible || type.getSimpleName().isEmpty()) {
            return null;
        }
        String simple = type.getSimpleName().toString();
        String qualified = outer == null ? qualify(simple) : outer.qualifiedName() + "." + simple;
        String page = outer == null ? packageName.replace('.', '/') + "/" + simple : outer.pagePath() + "." + simple;
        boolean deprecated = isDeprecated(type.getModifiers()) || (outer != null && outer.deprecated());
        var self = new Enclosing(qualified, simple, page, type.getKind(), deprecated);
        DocCommentTree comment = trees.getDocCommentTree(getCurrentPath());
        sink.accept(new ApiMember(qualified, qualified, typeSignature(type, simple), JavadocText.firstSentence(comment),
                JavadocText.mainDescription(comment), deprecated, url(page)));

        enclosing.push(self);
        try {
            for (Tree member : type.getMembers()) {
                scan(member, null);
            }
        } finally {
            enclosing.pop();
        }
        return null;
    }

    @Override
    public Void visitMethod(MethodTree method, Void unused) {
        Enclosing owner = enclosing.peek();
        if (owner == null || !memberVisible(method.getModifiers().getFlags(), owner)) {
            return null;
        }
        DocCommentTree comment = trees.getDocCommentTree(getCurrentPath());
        String summary = JavadocText.firstSentence(comment);
        if (summary.isEmpty()) {
            return null;
        }
        boolean constructor = method.getReturnType() == null;
        String name = constructor ? owner.simpleName() : method.getName().toString();
        var paramTypes = new ArrayList<String>();
        var params = new ArrayList<String>();
        for (VariableTree p : method.getParameters()) {
            String typeText = parameterType(p);
            paramTypes.add(typeText);
            params.add(typeText + " " + p.getName());
        }
        var signature = new StringBuilder(modifiers(method.getModifiers()));
        if (!method.getTypeParameters().isEmpty()) {
            signature.append('<').append(joinTrees(method.getTypeParameters())).append("> ");
        }
        if (!constructor) {
            signature.append(method.getReturnType()).append(' ');
        }
        signature.append(name).append('(').append(String.join(", ", params)).append(')');
        if (!method.getThrows().isEmpty()) {
            signature.append(" throws ").append(joinTrees(method.getThrows()));
        }
        String id = owner.qualifiedName() + "#" + name + "(" + String.join(",", paramTypes) + ")";
        String title = owner.qualifiedName() + " › " + name + "(" + String.join(", ", paramTypes) + ")";
        sink.accept(new ApiMember(id, title, signature.toString(), summary, JavadocText.mainDescription(comment),
                owner.deprecated() || isDeprecated(method.getModifiers()), url(owner.pagePath())));
        return null;
    }

    @Override
    public Void visitVariable(VariableTree field, Void unused) {
        Enclosing owner = enclosing.peek();
        if (owner == null) {
            return null;
        }
        boolean enumConstant = isEnumConstant(field, owner);
        if (!enumConstant && !memberVisible(field.getModifiers().getFlags(), owner)) {
            return null;
        }
        DocCommentTree comment = trees.getDocCommentTree(getCurrentPath());
        String summary = JavadocText.firstSentence(comment);
        if (summary.isEmpty()) {
            return null;
        }
        String name = field.getName().toString();
        String signature = enumConstant
                ? "enum constant " + owner.simpleName() + "." + name
                : modifiers(field.getModifiers()) + field.getType() + " " + name;
        sink.accept(new ApiMember(owner.qualifiedName() + "#" + name, owner.qualifiedName() + " › " + name, signature,
                summary, JavadocText.mainDescription(comment), owner.deprecated() || isDeprecated(field.getModifiers()),
                url(owner.pagePath())));
        return null;
    }

    private static boolean memberVisible(Set<Modifier> flags, Enclosing owner) {
        return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
                || (owner.membersPublicByDefault() && !flags.contains(Modifier.PRIVATE));
    }

    /** In an enum's body, {@code RED} or {@code RED(1)} parses as a field initialised with {@code new Color()}. */
    private static boolean isEnumConstant(VariableTree field, Enclosing owner) {
        return owner.kind() == Tree.Kind.ENUM && field.getInitializer() instanceof NewClassTree creation
                && creation.getIdentifier().toString().equals(owner.simpleName());
    }

    private String typeSignature(ClassTree type, String simple) {
        var out = new StringBuilder(modifiers(type.getModifiers()));
        out.append(switch (type.getKind()) {
            case INTERFACE -> "interface ";
            case ENUM -> "enum ";
            case RECORD -> "record ";
            case ANNOTATION_TYPE -> "@interface ";
            default -> "class ";
        }).append(simple);
        if (!type.getTypeParameters().isEmpty()) {
            out.append('<').append(joinTrees(type.getTypeParameters())).append('>');
        }
        if (type.getKind() == Tree.Kind.RECORD) {
            var components = new ArrayList<String>();
            for (Tree member : type.getMembers()) {
                if (member instanceof VariableTree v && !v.getModifiers().getFlags().contains(Modifier.STATIC)) {
                    components.add(v.getType() + " " + v.getName());
                }
            }
            out.append('(').append(String.join(", ", components)).append(')');
        }
        if (type.getExtendsClause() != null) {
            out.append(" extends ").append(type.getExtendsClause());
        }
        if (!type.getImplementsClause().isEmpty()) {
            // An interface's "extends" list is kept where a class keeps "implements".
            out.append(type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE
                    ? " extends " : " implements ").append(joinTrees(type.getImplementsClause()));
        }
        return out.toString();
    }

    /** The parameter's type as written; a varargs parameter ({@code String... parts}) keeps its dots. */
    private String parameterType(VariableTree parameter) {
        String type = parameter.getType().toString();
        if (type.endsWith("[]") && isVarargs(parameter)) {
            type = type.substring(0, type.length() - 2) + "...";
        }
        return type;
    }

    /**
     * The parser records {@code String... parts} as an array type, so look at the source: between
     * the parameter's start and its name, varargs have the three dots.
     */
    private boolean isVarargs(VariableTree parameter) {
        long start = trees.getSourcePositions().getStartPosition(unit, parameter);
        CharSequence source = source();
        if (start < 0 || start >= source.length()) {
            return false;
        }
        String name = parameter.getName().toString();
        Matcher m = Pattern.compile("\\.\\.\\.\\s*" + Pattern.quote(name) + "\\b|[,)]")
                .matcher(source).region((int) start, source.length());
        return m.find() && m.group().startsWith("...");
    }

    private CharSequence cachedSource;

    private CharSequence source() {
        if (cachedSource == null) {
            try {
                cachedSource = unit.getSourceFile().getCharContent(true);
            } catch (java.io.IOException e) {
                cachedSource = "";
            }
        }
        return cachedSource;
    }

    private static String modifiers(ModifiersTree modifiers) {
        var out = new StringBuilder();
        for (Modifier m : modifiers.getFlags()) {
            if (SHOWN.contains(m)) {
                out.append(m).append(' ');
            }
        }
        return out.toString();
    }

    private static boolean isDeprecated(ModifiersTree modifiers) {
        for (AnnotationTree annotation : modifiers.getAnnotations()) {
            String name = annotation.getAnnotationType().toString();
            if (name.equals("Deprecated") || name.equals("java.lang.Deprecated")) {
                return true;
            }
        }
        return false;
    }

    private static String joinTrees(List<? extends Tree> trees) {
        var parts = new ArrayList<String>(trees.size());
        trees.forEach(t -> parts.add(t.toString()));
        return String.join(", ", parts);
    }

    private String qualify(String simple) {
        return packageName.isEmpty() ? simple : packageName + "." + simple;
    }

    private String url(String pagePath) {
        return docsUrl + module + "/" + pagePath + ".html";
    }
}
