package io.klanneal.cli;

import io.klanneal.run.ModelRecipe;
import io.klanneal.run.ModelRecipes;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code klanneal models}: the model kinds {@code --model} can name, and where each came from. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the model kinds train --model can name (on the class path, or in a jar given"
                + " with --plugin JAR), what each reads with --data, and where each came from.")
final class ModelsCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ModelRecipe<?> recipe : ModelRecipe.all()) {
            out.printf(Locale.ROOT, "%-8s %s%n         data: %s%n         from %s%n", recipe.name(), recipe.description(),
                    recipe.dataHelp(), ModelRecipes.origin(recipe));
        }
        out.flush();
        return 0;
    }
}
