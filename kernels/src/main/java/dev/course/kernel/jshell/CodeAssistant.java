package dev.course.kernel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * Help while typing, answered by JShell's {@link SourceCodeAnalysis}: completions, documentation, and
 * whether a cell is finished.
 *
 * <p>JShell analyses one snippet, but a cell may hold several, so each question is asked about the
 * snippet the cursor is in. Positions here are {@code char} indexes into the code; the protocol
 * handlers convert Jupyter's code-point cursors.
 */
public final class CodeAssistant {

    /**
     * Candidates to replace {@code code[start, end)} with.
     *
     * @param matches the candidates, best first, without duplicates
     */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** Whether a cell can be run as typed: what {@code is_complete_request} asks. */
    public enum CellCompleteness {
        /** Ready to run. */
        COMPLETE,
        /** Needs more lines, e.g. an open brace. */
        INCOMPLETE,
        /** Cannot become valid by adding lines. */
        INVALID
    }

    private final JShellSession session;

    public CodeAssistant(JShellSession session) {
        this.session = session;
    }

    /** Completions at the cursor, e.g. {@code max(} for {@code Math.ma|}. */
    public Completion complete(String code, int cursor) {
        SourceCodeAnalysis analysis = session.jshell().sourceCodeAnalysis();
        int snippetStart = startOfSnippetAt(analysis, code, cursor);
        String snippet = code.substring(snippetStart, cursor);
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        // Suggestions that fit the expected type first, then the rest, as JShell's tool orders them.
        suggestions.stream().filter(Suggestion::matchesType).map(Suggestion::continuation).forEach(matches::add);
        suggestions.stream().map(Suggestion::continuation).forEach(matches::add);
        return new Completion(List.copyOf(matches), snippetStart + anchor[0], cursor);
    }

    /**
     * Signatures and Javadoc of what the cursor is on or in the argument list of; empty if nothing is
     * known. {@code Math.max(|} and {@code Math.ma|x} both document {@code Math.max}.
     */
    public List<String> documentation(String code, int cursor) {
        SourceCodeAnalysis analysis = session.jshell().sourceCodeAnalysis();
        int snippetStart = startOfSnippetAt(analysis, code, cursor);
        String beforeCursor = code.substring(snippetStart, cursor);
        List<Documentation> docs = analysis.documentation(beforeCursor, beforeCursor.length(), true);
        if (docs.isEmpty()) {
            // On a name rather than after "(": ask as if the call had just been opened.
            int nameEnd = cursor;
            while (nameEnd < code.length() && Character.isJavaIdentifierPart(code.charAt(nameEnd))) {
                nameEnd++;
            }
            String call = code.substring(snippetStart, nameEnd) + "(";
            docs = analysis.documentation(call, call.length(), true);
        }
        List<String> texts = new ArrayList<>();
        for (Documentation doc : docs) {
            String javadoc = doc.javadoc();
            texts.add(javadoc == null || javadoc.isBlank() ? doc.signature() : doc.signature() + "\n\n" + javadoc.strip());
        }
        return texts;
    }

    /** Whether the cell is complete, for front ends that run a cell on Enter when it is. */
    public CellCompleteness completeness(String code) {
        SourceCodeAnalysis analysis = session.jshell().sourceCodeAnalysis();
        List<CellSplitter.Piece> pieces = CellSplitter.split(analysis, code);
        if (pieces.isEmpty()) {
            return CellCompleteness.COMPLETE;
        }
        return switch (pieces.getLast().completeness()) {
            case DEFINITELY_INCOMPLETE -> CellCompleteness.INCOMPLETE;
            case UNKNOWN -> CellCompleteness.INVALID;
            // "Considered incomplete" means JShell would wait for more, but a cell is run as a whole.
            case COMPLETE, COMPLETE_WITH_SEMI, CONSIDERED_INCOMPLETE, EMPTY -> CellCompleteness.COMPLETE;
        };
    }

    /** Where the snippet containing the cursor begins: after the last complete snippet before it. */
    private static int startOfSnippetAt(SourceCodeAnalysis analysis, String code, int cursor) {
        List<CellSplitter.Piece> pieces = CellSplitter.split(analysis, code.substring(0, cursor));
        if (pieces.isEmpty()) {
            return cursor;
        }
        CellSplitter.Piece last = pieces.getLast();
        // A cursor right after a complete snippet ("x;|") starts a new, empty one.
        boolean endsComplete = last.isComplete() && code.substring(last.offset(), cursor).strip().endsWith(";");
        return endsComplete ? cursor : last.offset();
    }
}
