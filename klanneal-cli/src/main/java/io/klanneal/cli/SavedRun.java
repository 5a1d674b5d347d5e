package io.klanneal.cli;

import io.klanneal.text.TextModelStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The option of the commands that read a trained model ({@code eval}, {@code sample}, {@code
 * interpolate}): {@code --run RUN}, a run directory. {@code --model} names a model kind everywhere,
 * so here it only says what to give instead.
 */
final class SavedRun {

    @Option(names = "--run", paramLabel = "RUN", description = "A run directory (required).")
    Path run;

    @Option(names = "--model", paramLabel = "KIND", hidden = true,
            description = "Not taken here: --model names a model kind; give the run with --run.")
    String modelKind;

    /**
     * Returns the run directory.
     *
     * @throws IllegalArgumentException when {@code --run} is missing, or {@code --model} was given
     */
    Path run() {
        if (modelKind != null) {
            throw new IllegalArgumentException(
                    "--model names a model kind in klanneal; give the run directory with --run "
                            + modelKind);
        }
        if (run == null) {
            throw new IllegalArgumentException("--run RUN is required: the directory of a trained run");
        }
        return run;
    }

    /**
     * Loads the run's model.
     *
     * @return the model with its vocabulary
     * @throws IOException if the run holds no text model
     */
    TextModelStore.Loaded load() throws IOException {
        return TextModelStore.load(run());
    }
}
