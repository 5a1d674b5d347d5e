package io.klanneal.text;

import io.klanneal.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a text {@code --data} value into sentences: {@code toy}, {@code text:TRAIN[,VALID]} or
 * {@code wordnet[:DIR]}.
 */
public final class TextSpecs {

    /** The data value of WordNet's glosses ({@link WordNetGlosses}), alone or with {@code :DIR}. */
    public static final String WORDNET = "wordnet";

    /** The prefix of a data value naming sentence files, {@code text:TRAIN[,VALID]}. */
    public static final String FILES = "text:";

    private TextSpecs() {}

    /**
     * Loads the sentences a {@code --data} value names.
     *
     * @param spec {@code toy}, {@code text:TRAIN[,VALID]} (without VALID a seeded share of TRAIN
     *     is held out) or {@code wordnet[:DIR]} (WordNet's glosses, a seeded share held out)
     * @param holdout the share held out when there is no VALID file
     * @param toySeed seeds the toy set
     * @param splitSeed seeds the held-out split
     * @return training and validation sentences
     * @throws IOException naming a file that is missing, empty or has no sentence
     */
    public static Splits<Corpus> load(String spec, double holdout, long toySeed, long splitSeed)
            throws IOException {
        if (spec.equals("toy")) {
            return ToyText.generate(toySeed, 100, 10);
        }
        if (spec.startsWith(FILES) && spec.length() > FILES.length()) {
            String[] files = spec.substring(FILES.length()).split(",", -1);
            if (files.length > 2 || files[0].isBlank()) {
                throw new IllegalArgumentException(
                        "option data '" + spec + "': expected text:TRAIN or text:TRAIN,VALID");
            }
            Path trainFile = Path.of(files[0]);
            Corpus train = Corpus.read(trainFile);
            if (files.length == 1) {
                Splits<Corpus> split = train.holdOut(holdout, splitSeed);
                return new Splits<>(split.train(), split.validation(), List.of(trainFile));
            }
            Path validationFile = Path.of(files[1]);
            return new Splits<>(
                    train, Corpus.read(validationFile), List.of(trainFile, validationFile));
        }
        if (spec.equals(WORDNET) || spec.startsWith(WORDNET + ":") && spec.length() > WORDNET.length() + 1) {
            Path dir = spec.equals(WORDNET) ? WordNetGlosses.DEBIAN_DIR : Path.of(spec.substring(WORDNET.length() + 1));
            Splits<Corpus> split = WordNetGlosses.read(dir).holdOut(holdout, splitSeed);
            return new Splits<>(split.train(), split.validation(), WordNetGlosses.files(dir));
        }
        throw new IllegalArgumentException(
                "option data '" + spec + "' names no text source; expected toy,"
                        + " text:TRAIN[,VALID] (one sentence per line, e.g. ptb.train.txt) or wordnet[:DIR]");
    }
}
