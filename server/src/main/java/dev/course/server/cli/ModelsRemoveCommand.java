package dev.course.server.cli;

import dev.course.server.modelhub.ModelFileException;
import dev.course.server.modelhub.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code course models remove NAME...}: deletes pulled models (never bundled, trained or discovered ones). */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Delete pulled models from the models folder. Models found in Ollama, LM Studio or the Hugging Face cache belong to those tools and are left alone.")
final class ModelsRemoveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Pulled models to delete.")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        ModelStore store = ModelStore.fromEnvironment();
        for (String name : names) {
            if (name.contains(":") || name.contains("/")) {
                throw new ModelFileException("'" + name + "' is not a pulled model: models found in Ollama, LM Studio or"
                        + " the Hugging Face cache belong to those tools, so remove them there (e.g. 'ollama rm " + name + "')");
            }
            store.remove(name);
            System.out.println("removed " + name + " from " + store.root());
        }
        return 0;
    }
}
