package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.Messages;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs a notebook's code cells, top to bottom, in a {@link RemoteKernel} and keeps each cell's
 * outputs: the remote counterpart of {@code jupyter nbconvert --execute}, used to prove that an
 * exported lesson runs on a Jupyter Server or gateway exactly as it does locally.
 *
 * <p>Like nbconvert it stops at the first cell whose reply is not ok, unless that cell is tagged
 * {@code raises-exception}: later cells usually depend on the failed one, and their errors would
 * only hide the first.
 */
public final class NotebookRunner {

    /**
     * One executed code cell.
     *
     * @param index  the cell's position among all cells of the notebook
     * @param tags   the cell's {@code metadata.tags}
     * @param source the code that was sent
     * @param result the outputs and reply
     */
    public record CellRun(int index, List<String> tags, String source, CellResult result) {
        public CellRun {
            tags = List.copyOf(tags);
        }
    }

    private final RemoteKernel kernel;
    private final Duration perCell;

    public NotebookRunner(RemoteKernel kernel, Duration perCell) {
        this.kernel = kernel;
        this.perCell = perCell;
    }

    /** Runs an .ipynb file (nbformat 4). */
    public List<CellRun> run(Path notebook) throws IOException, InterruptedException, TimeoutException {
        return run(Messages.JSON.readTree(notebook.toFile()));
    }

    /** Runs a parsed notebook's code cells; markdown and raw cells are skipped. */
    public List<CellRun> run(JsonNode notebook) throws IOException, InterruptedException, TimeoutException {
        List<CellRun> runs = new ArrayList<>();
        JsonNode cells = notebook.path("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            if (!cell.path("cell_type").asText().equals("code")) {
                continue;
            }
            String source = joined(cell.path("source"));
            if (source.isBlank()) {
                continue;
            }
            List<String> tags = new ArrayList<>();
            cell.path("metadata").path("tags").forEach(tag -> tags.add(tag.asText()));
            CellResult result = kernel.execute(source, perCell);
            runs.add(new CellRun(i, tags, source, result));
            if (!result.ok() && !tags.contains("raises-exception")) {
                break;
            }
        }
        return runs;
    }

    /** nbformat allows a source as one string or as a list of lines. */
    private static String joined(JsonNode source) {
        if (!source.isArray()) {
            return source.asText();
        }
        StringBuilder text = new StringBuilder();
        source.forEach(line -> text.append(line.asText()));
        return text.toString();
    }
}
