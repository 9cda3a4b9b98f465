package dev.course.server.cli;

import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.lessons.NotebookExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code course export --out DIR}: every lesson as a Jupyter notebook, DIR/TRACK/NN-SLUG.ipynb. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export every lesson as a Jupyter notebook (nbformat 4) for the 'Java (course)' kernel.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "notebooks",
            description = "Folder to write the notebooks to (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--lessons", paramLabel = "DIR", description = "Export lessons from this folder instead of the packaged ones.")
    Path lessons;

    @Override
    public Integer call() throws Exception {
        CourseContent content = lessons == null ? CourseContent.packaged() : CourseContent.folder(lessons);
        NotebookExporter exporter = new NotebookExporter(content::file);
        for (Lesson lesson : content.course().lessons()) {
            String name = lesson.sourceName().replaceFirst("\\.md$", ".ipynb");
            Path target = out.resolve(name);
            Files.createDirectories(target.getParent());
            Files.writeString(target, exporter.export(lesson));
            System.out.println(target);
        }
        return 0;
    }
}
