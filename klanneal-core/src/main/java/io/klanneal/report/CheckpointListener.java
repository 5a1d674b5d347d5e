package io.klanneal.report;

import ai.djl.Model;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** After each epoch, saves the model's parameters to {@code DIR/NAME-0000.params} atomically. */
public final class CheckpointListener extends TrainingListenerAdapter {

    private final Path dir;

    /**
     * Creates the listener.
     *
     * @param dir where the parameters go
     */
    public CheckpointListener(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        try {
            save(trainer.getModel(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the model to " + dir, e);
        }
    }

    /**
     * Saves a model's parameters with DJL's format into {@code dir}, replacing the previous file
     * only once the new one is complete.
     *
     * @param model the model
     * @param dir the directory; {@code Model.load(dir, model.getName())} reads it back
     * @throws IOException if saving fails
     */
    public static void save(Model model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".saving-");
        try {
            // The staging directory is new, so DJL would number the file 0 too, but only after
            // listing it through java.io.File, which works on this machine's file system alone.
            model.setProperty("Epoch", "0");
            model.save(staging, model.getName());
            try (Stream<Path> files = Files.list(staging)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    AtomicFiles.moveIntoPlace(file, dir.resolve(file.getFileName()));
                }
            }
        } finally {
            try (Stream<Path> left = Files.list(staging)) {
                for (Path file : (Iterable<Path>) left::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(staging);
        }
    }
}
