package io.klanneal.text;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.klanneal.io.AtomicFiles;
import io.klanneal.record.RunDirectory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * A saved text model: {@code model/text-vae-0000.params}, {@code model/vocab.txt} and {@code
 * model/model.properties} (the sizes needed to rebuild the block) in a run directory.
 */
public final class TextModelStore {

    /** The saved model's name. */
    public static final String MODEL_NAME = "text-vae";

    private static final String DESCRIPTION_FILE = "model.properties";

    private TextModelStore() {}

    /**
     * A loaded model; close it to free its arrays.
     *
     * @param model the DJL model holding the parameters
     * @param block the text VAE
     * @param vocabulary the vocabulary it was trained with
     */
    public record Loaded(Model model, TextVae block, Vocabulary vocabulary) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Writes the vocabulary and sizes; the parameters are saved by the checkpoint listener.
     *
     * @param modelDir the run's {@code model/} directory
     * @param sizes the block's sizes
     * @param vocabulary the vocabulary
     * @throws IOException if writing fails
     */
    public static void saveDescription(Path modelDir, TextVaeSizes sizes, Vocabulary vocabulary)
            throws IOException {
        vocabulary.save(modelDir.resolve("vocab.txt"));
        Properties p = new Properties();
        p.setProperty("model", "text");
        p.setProperty("vocabulary", Integer.toString(sizes.vocabulary()));
        p.setProperty("embedding", Integer.toString(sizes.embedding()));
        p.setProperty("hidden", Integer.toString(sizes.hidden()));
        p.setProperty("latent", Integer.toString(sizes.latent()));
        p.setProperty("decoderDropout", Float.toString(sizes.decoderDropout()));
        p.setProperty("wordDropout", Float.toString(sizes.wordDropout()));
        p.setProperty("meanNormGamma", Float.toString(sizes.meanNormGamma()));
        StringWriter text = new StringWriter();
        p.store(text, "klanneal text VAE");
        AtomicFiles.writeString(modelDir.resolve(DESCRIPTION_FILE), text.toString());
    }

    /** Returns whether a run or model directory holds a text model (its description). */
    public static boolean holdsModel(Path dir) {
        return Files.isRegularFile(description(dir));
    }

    private static Path description(Path dir) {
        return RunDirectory.modelDirOf(dir).resolve(DESCRIPTION_FILE);
    }

    /**
     * Loads a text model from a run directory (or its {@code model/} directory).
     *
     * @param dir the run directory
     * @return the model, its block and vocabulary
     * @throws IOException naming the file that is missing, or the mismatch between vocabulary and
     *     parameters
     */
    public static Loaded load(Path dir) throws IOException {
        Path description = description(dir);
        if (!Files.isRegularFile(description)) {
            throw new IOException(
                    "no text model in " + dir + ": expected " + description
                            + " (written by klanneal train --model text)");
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(description)) {
            p.load(reader);
        }
        if (!"text".equals(p.getProperty("model"))) {
            throw new IOException(description + " does not describe a text model");
        }
        TextVaeSizes sizes;
        try {
            sizes =
                    new TextVaeSizes(
                            Integer.parseInt(p.getProperty("vocabulary")),
                            Integer.parseInt(p.getProperty("embedding")),
                            Integer.parseInt(p.getProperty("hidden")),
                            Integer.parseInt(p.getProperty("latent")),
                            Float.parseFloat(p.getProperty("decoderDropout")),
                            Float.parseFloat(p.getProperty("wordDropout")),
                            // Absent from models saved before BN-VAE.
                            Float.parseFloat(p.getProperty("meanNormGamma", "0")));
        } catch (RuntimeException e) {
            throw new IOException(description + " is corrupt: " + e.getMessage(), e);
        }
        Path modelDir = description.getParent();
        Vocabulary vocabulary = Vocabulary.load(modelDir.resolve("vocab.txt"));
        if (vocabulary.size() != sizes.vocabulary()) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "vocabulary mismatch: %s has %d tokens but %s describes a model with %d",
                            modelDir.resolve("vocab.txt"),
                            vocabulary.size(),
                            description,
                            sizes.vocabulary()));
        }
        Model model = Model.newInstance(MODEL_NAME);
        TextVae block = new TextVae(sizes, Vocabulary.UNK_ID);
        model.setBlock(block);
        try {
            block.initialize(
                    model.getNDManager(), DataType.FLOAT32, new Shape(1, 1), new Shape(1, 2), new Shape(1));
            model.load(modelDir, MODEL_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            // A truncated file makes DJL fail without a message.
            String reason = e.getMessage() != null && !(e instanceof java.io.EOFException)
                    ? e.getMessage()
                    : "a parameter file there is truncated or corrupt (" + e.getClass().getSimpleName()
                            + "); train the model again or copy the run's model/ directory anew";
            throw new IOException("could not load the parameters in " + modelDir + ": " + reason, e);
        }
        long rows = block.getParameters().get("embedding").getArray().getShape().get(0);
        if (rows != vocabulary.size()) {
            model.close();
            throw new IOException(
                    "vocabulary mismatch: " + modelDir.resolve("vocab.txt") + " has "
                            + vocabulary.size() + " tokens but the saved embedding has " + rows + " rows");
        }
        return new Loaded(model, block, vocabulary);
    }
}
