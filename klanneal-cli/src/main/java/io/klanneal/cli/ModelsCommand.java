package io.klanneal.cli;

import io.klanneal.run.ModelRecipe;
import java.io.PrintWriter;
import java.security.CodeSource;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code klanneal models}: the model kinds {@code --model} can name, and where each came from. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the model kinds train --model can name (found on the class path), and the jar or"
                + " directory each came from.")
final class ModelsCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ModelRecipe<?> recipe : ModelRecipe.all()) {
            CodeSource source = recipe.getClass().getProtectionDomain().getCodeSource();
            out.printf(Locale.ROOT, "%-8s %s%n         from %s%n", recipe.kind().key(), recipe.description(),
                    source == null ? "the JDK" : source.getLocation().getPath());
        }
        out.flush();
        return 0;
    }
}
