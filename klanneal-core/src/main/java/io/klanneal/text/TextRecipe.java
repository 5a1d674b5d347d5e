package io.klanneal.text;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.listener.TrainingListener;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.data.Splits;
import io.klanneal.io.AtomicFiles;
import io.klanneal.model.Initialization;
import io.klanneal.record.RunDirectory;
import io.klanneal.run.ModelRecipe;
import io.klanneal.run.TrainConfig;
import io.klanneal.schedule.Counts;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The LSTM text VAE over sentences. */
public final class TextRecipe implements ModelRecipe<TextRecipe.Data> {

    /**
     * The sentences and the vocabulary built from the training part.
     *
     * @param corpus training and held-out sentences, the long ones left out
     * @param train the training sentences used (after the train limit)
     * @param vocabulary built from {@code train}
     * @param warnings what was left out, for the log and run.json
     */
    record Data(Splits<Corpus> corpus, Corpus train, Vocabulary vocabulary, List<String> warnings) {}

    /** The toy set, the text model's built-in data. */
    public static final String TOY = "toy";

    private static final ModelDefaults DEFAULTS =
            ModelDefaults.builder()
                    .set(DataOptions.DATA, TOY)
                    .set(ModelOptions.HIDDEN, 256)
                    .set(ModelOptions.LIKELIHOOD, LikelihoodSpec.parse("categorical"))
                    .set(ModelOptions.INIT, Initialization.PYTORCH)
                    .set(OptimisationOptions.BATCH_SIZE, 32)
                    .set(OptimisationOptions.GRAD_CLIP, 5.0)
                    // Small sizes for a 2-D latent space that the toy's latent plots can show.
                    .setForData(TOY, ModelOptions.HIDDEN, 64)
                    .setForData(TOY, ModelOptions.LATENT, 2)
                    .setForData(TOY, TextOptions.EMBEDDING, 64)
                    .setForData(TOY, ModelOptions.INIT, Initialization.DJL)
                    .setForData(TOY, OptimisationOptions.EPOCHS, 40)
                    // Without it the toy's decoder needs z for the first word only, and beta = 1
                    // leaves z unused under every schedule (docs/text-experiments.md).
                    .setForData(TOY, TextOptions.WORD_DROPOUT, 0.2)
                    .build();

    @Override
    public String name() {
        return "text";
    }

    @Override
    public String dataHelp() {
        return "toy (10 sequences, 2-D latent), text:TRAIN[,VALID] (one sentence per line) or"
                + " wordnet[:DIR] (the ~184,000 sentences of WordNet's glosses; Debian's wordnet-base,"
                + " " + WordNetGlosses.DEBIAN_DIR + ").";
    }

    @Override
    public List<TrainOption<?>> options() {
        List<TrainOption<?>> options = new ArrayList<>(TextOptions.GROUP.options());
        options.add(EvaluationOptions.IW_SAMPLES);
        options.add(ScheduleOptions.RESET_DECODER);
        options.add(ModelOptions.BN_GAMMA);
        options.add(ScheduleOptions.AGGRESSIVE);
        return options;
    }

    @Override
    public ModelDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public List<String> collapseRemedies() {
        return List.of("word dropout (--word-dropout 0.5)");
    }

    @Override
    public String description() {
        return "a VAE with an LSTM encoder and an autoregressive LSTM decoder over sentences";
    }

    @Override
    public String modelName() {
        return TextModelStore.MODEL_NAME;
    }

    @Override
    public String absoluteData(String data) {
        String wordnet = TextSpecs.WORDNET + ":";
        if (data.startsWith(wordnet) && data.length() > wordnet.length()) {
            return wordnet + Path.of(data.substring(wordnet.length())).toAbsolutePath().normalize();
        }
        String files = TextSpecs.FILES;
        if (!data.startsWith(files) || data.length() <= files.length()) {
            return data;
        }
        return files + Stream.of(data.substring(files.length()).split(",", -1))
                .map(f -> f.isBlank() ? f : Path.of(f).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(","));
    }

    @Override
    public void checkLikelihood(LikelihoodSpec likelihood) {
        if (!likelihood.name().equals("categorical")) {
            throw new IllegalArgumentException(
                    "likelihood " + likelihood + " does not fit the text model; text takes categorical");
        }
    }

    @Override
    public Data load(TrainConfig config, RandomStreams streams) throws IOException {
        Splits<Corpus> corpus =
                TextSpecs.load(
                        config.get(DataOptions.DATA),
                        config.get(TextOptions.HOLDOUT),
                        streams.seed(RandomStreams.Purpose.GENERATED_DATA),
                        streams.seed(RandomStreams.Purpose.HOLDOUT_SPLIT));
        int maxLength = config.get(TextOptions.MAX_LENGTH);
        List<String> warnings = new ArrayList<>();
        Corpus shortTrain = withoutLongerThan(corpus.train(), maxLength, "training", warnings);
        Corpus shortValidation = withoutLongerThan(corpus.validation(), maxLength, "held-out", warnings);
        corpus = new Splits<>(shortTrain, shortValidation, corpus.files());
        int limit = config.get(DataOptions.TRAIN_LIMIT);
        Corpus train = limit > 0 ? corpus.train().limit(limit) : corpus.train();
        Vocabulary vocabulary =
                Vocabulary.build(
                        train, config.get(TextOptions.MAX_VOCAB), config.get(TextOptions.MIN_COUNT));
        vocabulary.outOfVocabulary(corpus.validation()).warning("the held-out sentences").ifPresent(warnings::add);
        return new Data(corpus, train, vocabulary, warnings);
    }

    // Leaves out sentences longer than the limit, saying how many, never silently.
    private static Corpus withoutLongerThan(Corpus sentences, int maxLength, String part, List<String> warnings) {
        Corpus kept = sentences.withoutLongerThan(maxLength);
        int left = sentences.size() - kept.size();
        if (left > 0) {
            int longest = sentences.sentences().stream().mapToInt(words -> words.length).max().orElse(0);
            warnings.add(String.format(
                    java.util.Locale.ROOT,
                    "%s longer than %d words (the longest has %d) left out; --max-length sets the limit",
                    Counts.of(left, part + " sentence"), maxLength, longest));
        }
        if (kept.size() == 0) {
            throw new IllegalArgumentException(
                    "option max-length: every " + part + " sentence is longer than " + maxLength + " words");
        }
        return kept;
    }

    @Override
    public List<Path> files(Data data) {
        return data.corpus().files();
    }

    @Override
    public void writeFiles(TrainConfig config, Data data, RunDirectory dir) throws IOException {
        TextVaeSizes sizes = sizes(config, data);
        TextModelStore.saveDescription(dir.modelDir(), sizes, data.vocabulary());
        AtomicFiles.writeString(dir.resolve(RunDirectory.HELD_OUT_FILE), data.corpus().validation().text());
        if (config.get(EvaluationOptions.KEEP) == EvaluationOptions.Keep.BEST) {
            TextModelStore.saveDescription(dir.bestDir(), sizes, data.vocabulary());
        }
    }

    private static TextVaeSizes sizes(TrainConfig config, Data data) {
        return new TextVaeSizes(
                data.vocabulary().size(),
                config.get(TextOptions.EMBEDDING),
                config.get(ModelOptions.HIDDEN),
                config.get(ModelOptions.LATENT),
                config.get(TextOptions.DECODER_DROPOUT).floatValue(),
                config.get(TextOptions.WORD_DROPOUT).floatValue(),
                config.get(ModelOptions.BN_GAMMA).floatValue());
    }

    @Override
    public Parts assemble(
            TrainConfig config,
            Data data,
            RunDirectory dir,
            TrainingHistory history,
            RandomStreams streams,
            NDManager manager) {
        TextVaeSizes sizes = sizes(config, data);
        int batchSize = config.get(OptimisationOptions.BATCH_SIZE);
        TextVae block = new TextVae(sizes, Vocabulary.UNK_ID);
        block.initializeAs(config.get(ModelOptions.INIT));
        SentenceBatches trainSet =
                SentenceBatches.shuffled(data.train(), data.vocabulary(), batchSize, streams);
        SentenceBatches validationSet =
                SentenceBatches.inOrder(data.corpus().validation(), data.vocabulary(), batchSize);
        List<TrainingListener> diagnostics = new ArrayList<>();
        diagnostics.add(
                new TextDiagnosticsListener(
                        block, validationSet, history, config.get(EvaluationOptions.IW_SAMPLES), streams));
        if (sizes.latent() == 2 && data.corpus().validation().labels() != null) {
            diagnostics.add(
                    new LatentScatterListener(
                            block, validationSet, dir.latentDir(), config.totalEpochs(), history));
        }
        return new Parts(
                block,
                config.get(ModelOptions.LIKELIHOOD).create(),
                trainSet,
                validationSet,
                trainSet.batchesPerEpoch(),
                new Shape[] {
                    new Shape(batchSize, 4), new Shape(batchSize, 5), new Shape(batchSize)
                },
                diagnostics,
                block::resetDecoder,
                data.warnings());
    }
}
