package dev.course.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.CourseContent;
import dev.course.server.modelhub.CatalogEntry;
import dev.course.server.modelhub.LessonUsage;
import dev.course.server.modelhub.ModelCatalog;
import dev.course.server.modelhub.ModelListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course models list [--json]}: every model the course can use here, bundled, trained, pulled
 * and discovered, with what it is, where it lives and which lessons use it. {@code --json} prints one
 * object per model.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Every model the course can use on this machine: bundled, trained, pulled, and found in Ollama, LM Studio or the Hugging Face cache.")
final class ModelsListCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object per model: name, source, kind, format, architecture,"
            + " quantisation, size_bytes, location, license, lessons, usable, problem.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var listing = new ModelListing(ModelListing.Roots.fromEnvironment(), new LessonUsage(CourseContent.packaged().course()));
        List<ModelListing.Row> rows = listing.rows();
        if (json) {
            var mapper = new ObjectMapper();
            for (ModelListing.Row row : rows) {
                ObjectNode o = mapper.createObjectNode()
                        .put("name", row.name()).put("source", row.source()).put("kind", row.kind().label())
                        .put("format", row.format()).put("architecture", row.architecture())
                        .put("quantisation", row.quantisation()).put("size_bytes", row.size())
                        .put("location", row.location()).put("license", row.license());
                row.lessons().forEach(o.putArray("lessons")::add);
                if (row.lessons().isEmpty()) {
                    o.putArray("lessons");
                }
                o.put("usable", row.problem() == null).put("problem", row.problem());
                System.out.println(mapper.writeValueAsString(o));
            }
            return 0;
        }
        String format = "%-34s %-17s %-13s %-6s %-7s %-7s %9s  %s%n";
        System.out.printf(Locale.ROOT, format, "NAME", "SOURCE", "KIND", "FORMAT", "ARCH", "QUANT", "SIZE", "LICENSE");
        for (ModelListing.Row row : rows) {
            System.out.printf(Locale.ROOT, format, row.name(), row.source(), row.kind().label(), row.format(),
                    row.architecture(), row.quantisation(), ModelListing.humanSize(row.size()), row.license());
            System.out.println("    at " + row.location());
            System.out.println("    lessons: " + (row.lessons().isEmpty() ? "none yet" : String.join(", ", row.lessons())));
            if (row.problem() != null) {
                System.out.println("    not usable: " + row.problem());
            }
        }
        var installed = rows.stream().filter(r -> r.source().equals("pulled")).map(ModelListing.Row::name).toList();
        var available = ModelCatalog.ENTRIES.stream().map(CatalogEntry::name).filter(n -> !installed.contains(n)).toList();
        if (!available.isEmpty()) {
            System.out.println();
            System.out.println("Can be pulled ('./course models pull NAME'): " + String.join(", ", available));
        }
        return 0;
    }
}
