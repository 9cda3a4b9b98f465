package dev.course.server.workshop;

import dev.course.server.progress.Database;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Workshops kept in the server's database, so that several server instances behind a load
 * balancer (sharing a PostgreSQL database) agree on what is unlocked, revealed and said.
 */
public final class WorkshopStore {

    /** Join codes avoid letters and digits that read alike (0/O, 1/I/L). */
    static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int CODE_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;

    public WorkshopStore(Database database) {
        this.database = database;
    }

    /** A learner in a workshop. */
    public record Member(String learner, String displayName, long joinedAt) {
    }

    /** Starts a workshop over some lessons, with the first one open; ends any other active one. */
    public Workshop create(String title, List<String> lessons) {
        if (lessons.isEmpty()) {
            throw new IllegalArgumentException("pick at least one lesson");
        }
        String code = newCode();
        // One transaction: no moment with no workshop active, nor two.
        database.transaction(connection -> {
            Database.update(connection, "UPDATE workshop SET active = 0 WHERE active = 1");
            Database.update(connection, """
                    INSERT INTO workshop (code, title, lessons, unlocked, revealed, message, message_at, active, created_at)
                    VALUES (?, ?, ?, 1, '', NULL, 0, 1, ?)""", code, title, String.join("\n", lessons), System.currentTimeMillis());
        });
        return find(code).orElseThrow();
    }

    /** The workshop now running, if any. */
    public Optional<Workshop> active() {
        List<String> codes = new ArrayList<>();
        database.query("SELECT code FROM workshop WHERE active = 1 ORDER BY created_at DESC", rows -> {
            while (rows.next()) {
                codes.add(rows.getString(1));
            }
        });
        return codes.isEmpty() ? Optional.empty() : find(codes.getFirst());
    }

    public Optional<Workshop> find(String code) {
        List<Workshop> found = new ArrayList<>();
        database.query("SELECT code, title, lessons, unlocked, revealed, message, message_at FROM workshop WHERE code = ?", rows -> {
            if (rows.next()) {
                found.add(new Workshop(rows.getString(1), rows.getString(2), lines(rows.getString(3)), rows.getInt(4),
                        new LinkedHashSet<>(lines(rows.getString(5))), rows.getString(6), rows.getLong(7)));
            }
        }, code == null ? "" : code.toUpperCase(java.util.Locale.ROOT));
        return found.stream().findFirst();
    }

    /** Opens one more step (no-op at the last); returns how many are open now. */
    public int unlockNext(String code) {
        Workshop workshop = find(code).orElseThrow(() -> new IllegalArgumentException("no workshop " + code));
        // One statement reads and writes: two clicks at once open two steps, not one.
        database.update("UPDATE workshop SET unlocked = CASE WHEN unlocked < ? THEN unlocked + 1 ELSE unlocked END WHERE code = ?",
                workshop.lessons().size(), code);
        return find(code).orElseThrow().unlocked();
    }

    /** Lets learners see an exercise's solution. */
    public void reveal(String code, String lesson, String exercise) {
        String entry = lesson + "/" + exercise;
        // Compare-and-set: a reveal at the same moment as another is retried on the other's result, not lost.
        for (int attempt = 0; attempt < 20; attempt++) {
            String[] current = {null};
            database.query("SELECT revealed FROM workshop WHERE code = ?", rows -> {
                if (rows.next()) {
                    current[0] = rows.getString(1);
                }
            }, code);
            if (current[0] == null) {
                throw new IllegalArgumentException("no workshop " + code);
            }
            Set<String> revealed = new LinkedHashSet<>(lines(current[0]));
            if (!revealed.add(entry)
                    || database.update("UPDATE workshop SET revealed = ? WHERE code = ? AND revealed = ?",
                    String.join("\n", revealed), code, current[0]) == 1) {
                return;
            }
        }
        throw new IllegalStateException("could not record the reveal of " + entry + ": the workshop kept changing");
    }

    /** Shows a message on every learner's page. */
    public void broadcast(String code, String message) {
        database.update("UPDATE workshop SET message = ?, message_at = ? WHERE code = ?", message, System.currentTimeMillis(), code);
    }

    public void end(String code) {
        database.update("UPDATE workshop SET active = 0 WHERE code = ?", code);
    }

    /** Adds (or renames) a learner in a workshop. */
    public void join(String code, String learner, String displayName) {
        database.update("""
                INSERT INTO workshop_member (code, learner_id, display_name, joined_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (code, learner_id) DO UPDATE SET display_name = excluded.display_name""",
                code, learner, displayName, System.currentTimeMillis());
    }

    public boolean isMember(String code, String learner) {
        boolean[] member = {false};
        database.query("SELECT 1 FROM workshop_member WHERE code = ? AND learner_id = ?", rows -> member[0] = rows.next(),
                code, learner);
        return member[0];
    }

    public List<Member> members(String code) {
        List<Member> members = new ArrayList<>();
        database.query("SELECT learner_id, display_name, joined_at FROM workshop_member WHERE code = ? ORDER BY joined_at", rows -> {
            while (rows.next()) {
                members.add(new Member(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
        }, code);
        return members;
    }

    /** Each member's most recently visited lesson of the workshop, for "who is on which step". */
    public Map<String, String> currentLessons(String code) {
        Map<String, String> current = new HashMap<>();
        database.query("""
                SELECT v.learner_id, v.lesson FROM lesson_visit v
                JOIN workshop_member m ON m.learner_id = v.learner_id AND m.code = ?
                ORDER BY v.last_visit""", rows -> {
            while (rows.next()) {
                current.put(rows.getString(1), rows.getString(2)); // later visits overwrite earlier ones
            }
        }, code);
        return current;
    }

    /** Each member's exercise results: learner → {@code track/slug/exercise} → passed. */
    public Map<String, Map<String, Boolean>> exerciseResults(String code) {
        Map<String, Map<String, Boolean>> results = new HashMap<>();
        database.query("""
                SELECT e.learner_id, e.lesson, e.exercise, e.passed FROM exercise_result e
                JOIN workshop_member m ON m.learner_id = e.learner_id AND m.code = ?""", rows -> {
            while (rows.next()) {
                results.computeIfAbsent(rows.getString(1), k -> new HashMap<>())
                        .put(rows.getString(2) + "/" + rows.getString(3), rows.getInt(4) == 1);
            }
        }, code);
        return results;
    }

    private String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).toList();
    }
}
