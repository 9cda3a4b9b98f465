package dev.course.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, so that "port in use" can say what to stop. Linux only, from
 * {@code /proc}: the kernel's socket tables give the listening socket's inode, and a process whose
 * {@code fd} folder links to {@code socket:[inode]} holds it. Processes of other users cannot be
 * read without privileges; then the answer is empty and the message suggests {@code ss -ltnp}.
 */
final class PortHolder {

    private static final Path PROC = Path.of("/proc");
    /** The state column's value for a listening socket in /proc/net/tcp. */
    private static final String LISTEN = "0A";
    /** Longest command line quoted in a message. */
    private static final int MAX_COMMAND = 80;

    private PortHolder() {
    }

    /** "process 4242 (java -jar other.jar)" for the process listening on {@code port}, if it can be told. */
    static Optional<String> describe(int port) {
        try {
            Set<String> inodes = listeningInodes(port);
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
                for (Path process : processes) {
                    if (holdsAny(process, inodes)) {
                        return Optional.of("process " + process.getFileName() + " (" + commandOf(process) + ")");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the caller falls back to a generic hint.
        }
        return Optional.empty();
    }

    private static Set<String> listeningInodes(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(java.util.Locale.ROOT, "%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = PROC.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(":" + hexPort) && fields[3].equals(LISTEN)) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean holdsAny(Path process, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                String target = Files.readSymbolicLink(fd).toString();
                if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or it ended meanwhile
        }
        return false;
    }

    private static String commandOf(Path process) throws IOException {
        String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ').strip();
        if (command.isEmpty()) {
            command = Files.readString(process.resolve("comm")).strip();
        }
        return command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) + "…" : command;
    }
}
