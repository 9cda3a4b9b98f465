package dev.course.server.progress;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress kept in the server's {@link Database} (SQLite by default, PostgreSQL when shared).
 * Every method is one committed statement.
 */
public final class JdbcProgressStore implements ProgressStore {

    private final Database database;

    public JdbcProgressStore(Database database) {
        this.database = database;
    }

    /** A store in its own SQLite file. */
    public static JdbcProgressStore sqlite(Path file) {
        return new JdbcProgressStore(Database.sqlite(file));
    }

    /** A store in a PostgreSQL database. */
    public static JdbcProgressStore postgres(String jdbcUrl) {
        return new JdbcProgressStore(Database.postgres(jdbcUrl));
    }

    /** The database this store writes to, to share it with other stores of the server. */
    public Database database() {
        return database;
    }

    @Override
    public boolean known(String learner) {
        boolean[] found = {false};
        database.query("SELECT 1 FROM learner WHERE id = ?", rows -> found[0] = rows.next(), learner);
        return found[0];
    }

    @Override
    public void visited(String learner, String lesson) {
        long now = System.currentTimeMillis(); // a visit alone makes no learner row: that waits for real progress
        database.update("""
                INSERT INTO lesson_visit (learner_id, lesson, first_visit, last_visit) VALUES (?, ?, ?, ?)
                ON CONFLICT (learner_id, lesson) DO UPDATE SET last_visit = excluded.last_visit""",
                learner, lesson, now, now);
    }

    @Override
    public void saveCode(String learner, String lesson, String cell, String code) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        database.update("""
                INSERT INTO cell_code (learner_id, lesson, cell, code, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (learner_id, lesson, cell) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at""",
                learner, lesson, cell, code, now);
    }

    @Override
    public void resetCode(String learner, String lesson, String cell) {
        database.update("DELETE FROM cell_code WHERE learner_id = ? AND lesson = ? AND cell = ?", learner, lesson, cell);
    }

    @Override
    public void ran(String learner, String lesson, String cell, String status) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        database.update("""
                INSERT INTO cell_run (learner_id, lesson, cell, runs, last_status, last_run) VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT (learner_id, lesson, cell) DO UPDATE
                SET runs = cell_run.runs + 1, last_status = excluded.last_status, last_run = excluded.last_run""",
                learner, lesson, cell, status, now);
    }

    @Override
    public void checked(String learner, String lesson, String exercise, boolean passed, int checksPassed, int checksTotal) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        database.update("""
                INSERT INTO exercise_result (learner_id, lesson, exercise, passed, checks_passed, checks_total, attempts, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?)
                ON CONFLICT (learner_id, lesson, exercise) DO UPDATE
                SET passed = CASE WHEN exercise_result.passed = 1 THEN 1 ELSE excluded.passed END,
                    checks_passed = excluded.checks_passed, checks_total = excluded.checks_total,
                    attempts = exercise_result.attempts + 1, updated_at = excluded.updated_at""",
                learner, lesson, exercise, passed ? 1 : 0, checksPassed, checksTotal, now);
    }

    @Override
    public LessonProgress lesson(String learner, String lesson) {
        Map<String, String> code = new LinkedHashMap<>();
        Map<String, Integer> runs = new HashMap<>();
        Map<String, LessonProgress.ExerciseResult> exercises = new HashMap<>();
        database.query("SELECT cell, code FROM cell_code WHERE learner_id = ? AND lesson = ?", rows -> {
            while (rows.next()) {
                code.put(rows.getString(1), rows.getString(2));
            }
        }, learner, lesson);
        database.query("SELECT cell, runs FROM cell_run WHERE learner_id = ? AND lesson = ?", rows -> {
            while (rows.next()) {
                runs.put(rows.getString(1), rows.getInt(2));
            }
        }, learner, lesson);
        database.query("SELECT exercise, passed, checks_passed, checks_total, attempts FROM exercise_result WHERE learner_id = ? AND lesson = ?",
                rows -> {
                    while (rows.next()) {
                        exercises.put(rows.getString(1), new LessonProgress.ExerciseResult(rows.getInt(2) == 1,
                                rows.getInt(3), rows.getInt(4), rows.getInt(5)));
                    }
                }, learner, lesson);
        return new LessonProgress(code, runs, exercises);
    }

    @Override
    public Map<String, LessonSummary> summary(String learner) {
        Map<String, LessonSummary> summary = new HashMap<>();
        database.query("SELECT lesson FROM lesson_visit WHERE learner_id = ?", rows -> {
            while (rows.next()) {
                summary.put(rows.getString(1), new LessonSummary(true, 0));
            }
        }, learner);
        database.query("SELECT lesson, COUNT(*) FROM exercise_result WHERE learner_id = ? AND passed = 1 GROUP BY lesson", rows -> {
            while (rows.next()) {
                summary.put(rows.getString(1), new LessonSummary(true, rows.getInt(2)));
            }
        }, learner);
        return summary;
    }

    @Override
    public void rename(String learner, String displayName) {
        long now = System.currentTimeMillis();
        ensureLearner(learner, now);
        database.update("UPDATE learner SET display_name = ? WHERE id = ?", displayName, learner);
    }

    private void ensureLearner(String learner, long now) {
        database.update("INSERT INTO learner (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", learner, now);
    }

    @Override
    public void close() {
        database.close();
    }
}
