package dev.course.server.cli;

import dev.course.server.modelhub.ModelFileException;
import dev.course.server.modelhub.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code course models verify [NAME...]}: re-reads pulled models and checks them against their manifests. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check pulled models' files against the SHA-256 recorded when they were pulled (all of them by default).")
final class ModelsVerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Pulled models to check (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ModelStore store = ModelStore.fromEnvironment();
        List<ModelStore.InstalledModel> models = new ArrayList<>();
        if (names.isEmpty()) {
            models.addAll(store.installed());
        } else {
            for (String name : names) {
                models.add(store.find(name).orElseThrow(() -> new ModelFileException("no pulled model named '" + name
                        + "' in " + store.root() + ": './course models list' shows what is there")));
            }
        }
        if (models.isEmpty()) {
            System.out.println("no pulled models in " + store.root() + " ('./course models pull NAME' fetches one)");
            return 0;
        }
        int bad = 0;
        try (ProgressBar bar = ProgressBar.bytesOnStderr()) {
            for (ModelStore.InstalledModel model : models) {
                List<String> problems = store.verify(model, bar);
                bar.message(model.name() + ": " + (problems.isEmpty() ? "ok (" + model.files().size() + " file(s))" : "FAILED"));
                problems.forEach(problem -> bar.message("  " + problem));
                bad += problems.isEmpty() ? 0 : 1;
            }
        }
        return bad == 0 ? 0 : 1;
    }
}
