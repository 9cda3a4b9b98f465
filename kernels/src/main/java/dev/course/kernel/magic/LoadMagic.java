package dev.course.kernel.magic;

import dev.course.kernel.jshell.CellOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code %load FILE}: runs the snippets of a {@code .jsh} or {@code .java} file in this session, as
 * if they were a cell — its classes, methods and variables stay defined, and its last expression is
 * the cell's value. A {@code package} line is dropped (JShell has no packages); JShell commands such
 * as {@code /exit} are refused. Files larger than {@link #MAX_FILE_BYTES} are refused too.
 */
public final class LoadMagic implements Magic {

    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final List<String> EXTENSIONS = List.of(".jsh", ".java", ".jshell");
    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
    private static final Pattern COMMAND_LINE = Pattern.compile("(?m)^/[a-zA-Z!?].*$");

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "%load FILE";
    }

    @Override
    public String summary() {
        return "runs the snippets of a .jsh or .java file (at most 1 MB) in this session";
    }

    @Override
    public CellOutcome runLine(String args, MagicContext context) throws MagicException {
        List<String> words = MagicArgs.split(args);
        if (words.size() != 1) {
            throw new MagicException("%load takes one file, such as %load helpers.jsh");
        }
        Path file = context.workingDir().resolve(words.getFirst()).normalize();
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().noneMatch(name::endsWith)) {
            throw new MagicException("%load runs .jsh and .java files: " + file);
        }
        String source = read(file);
        var command = COMMAND_LINE.matcher(source);
        if (command.find()) {
            throw new MagicException("%load: " + file.getFileName() + " holds the JShell command " + command.group()
                    + ", which a kernel cannot run; remove it");
        }
        // Keep the line breaks, so error reports name the file's lines.
        String java = PACKAGE_LINE.matcher(source).replaceAll("");
        return context.java().run(java, context.executionCount());
    }

    private static String read(Path file) throws MagicException {
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new MagicException("%load reads files of at most " + MAX_FILE_BYTES / 1024 + " KB; " + file + " is larger");
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MagicException("%load: " + file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new MagicException("%load: could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
