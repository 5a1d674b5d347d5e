package io.klanneal.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.klanneal.model.Initialization;
import io.klanneal.model.PosteriorMeanNorm;
import io.klanneal.model.Reparameterization;
import io.klanneal.train.InferenceNetwork;
import java.util.List;

/**
 * An LSTM text VAE (Bowman et al. 2016; the PTB setting of He et al. 2019 and Fu et al. 2019).
 * Encoder: embedding -> LSTM; mean and log-variance from the hidden state at each sentence's last
 * word (padding after it cannot reach it). Decoder: an LSTM whose input at every step is the
 * previous token's embedding concatenated with z, then a softmax over the vocabulary. Encoder and
 * decoder share the embedding.
 *
 * <p>Dropout (on the decoder's input embeddings and outputs) and word dropout (decoder inputs
 * replaced by {@code <unk>}) act only in training passes: validation, evaluation, sampling and every
 * diagnostic run with {@code training = false}.
 *
 * <p>Input: {@code (encoder tokens (B, L), decoder input (B, T), lengths (B))}, as {@code
 * io.klanneal.text.SentenceBatches} makes them. Output: {@code (logits (B, T, V), mean, log-variance)}.
 */
public final class TextVae extends AbstractBlock implements InferenceNetwork {

    private final int vocabulary;
    private final int embedding;
    private final int hidden;
    private final int latent;
    private final float wordDropout;
    private final int unknownId;
    private final Parameter embeddingWeight;
    private final LSTM encoder;
    private final Linear posterior;
    private final LSTM decoder;
    private final Dropout decoderDropout;
    private final Linear output;
    private final PosteriorMeanNorm meanNorm;

    /**
     * Creates the block.
     *
     * @param sizes vocabulary, embedding, hidden and latent sizes, and dropout rates
     * @param unknownId the id that word dropout puts in place of a word
     */
    public TextVae(TextVaeSizes sizes, int unknownId) {
        vocabulary = sizes.vocabulary();
        embedding = sizes.embedding();
        hidden = sizes.hidden();
        latent = sizes.latent();
        wordDropout = sizes.wordDropout();
        this.unknownId = unknownId;
        embeddingWeight =
                addParameter(
                        Parameter.builder()
                                .setName("embedding")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(vocabulary, embedding))
                                .build());
        encoder = addChildBlock("encoder", lstm(hidden));
        posterior = addChildBlock("posterior", Linear.builder().setUnits(2L * latent).build());
        decoder = addChildBlock("decoder", lstm(hidden));
        decoderDropout =
                addChildBlock(
                        "decoder_dropout",
                        Dropout.builder().optRate(sizes.decoderDropout()).build());
        output = addChildBlock("output", Linear.builder().setUnits(vocabulary).build());
        meanNorm = sizes.meanNormGamma() > 0
                ? addChildBlock("mean_norm", new PosteriorMeanNorm(latent, sizes.meanNormGamma()))
                : null;
    }

    /**
     * Chooses how the parameters start; call before the block is initialized.
     *
     * @param initialization DJL's or PyTorch's defaults
     */
    public void initializeAs(Initialization initialization) {
        initialization.embedding(embeddingWeight);
        initialization.dense(encoder, hidden);
        initialization.dense(posterior, hidden);
        initialization.dense(decoder, hidden);
        initialization.dense(output, hidden);
    }

    /**
     * Starts the decoder (its LSTM and output layer) afresh, drawing from the initializers its
     * parameters started from; the word embedding, which the encoder shares, is kept. Li et al.
     * (2019) do this after pretraining the model as an autoencoder.
     *
     * @param manager where the fresh values are drawn
     */
    public void resetDecoder(NDManager manager) {
        for (AbstractBlock part : List.of(decoder, output)) {
            for (Pair<String, Parameter> parameter : part.getParameters()) {
                Parameter p = parameter.getValue();
                try (NDArray fresh = p.getInitializer().initialize(manager, p.getShape(), p.getArray().getDataType())) {
                    p.getArray().set(fresh.toFloatArray());
                }
            }
        }
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder()
                .setStateSize(hidden)
                .setNumLayers(1)
                .optBatchFirst(true)
                .optReturnState(true)
                .build();
    }

    public int latent() {
        return latent;
    }

    /** The encoder's LSTM and the posterior's layers; the word embedding is the decoder's too. */
    @Override
    public List<Parameter> inferenceNetwork() {
        return InferenceNetwork.parametersOf(encoder, posterior, meanNorm);
    }

    // The engine's embedding op, not an index gather: on a CPU with several threads the gather's
    // backward accumulates the rows of repeated words in a varying order (run-to-run differences in
    // the 7th digit), while the embedding's backward sums each row in token order.
    private NDArray embed(ParameterStore store, NDArray tokens, boolean training) {
        NDArray weight = store.getValue(embeddingWeight, tokens.getDevice(), training);
        return Embedding.embedding(tokens, weight, SparseFormat.DENSE).head();
    }

    /**
     * Returns the posterior mean and log-variance of a batch of sentences.
     *
     * @param store the parameters
     * @param tokens word ids, {@code (B, L)}, padded after each sentence
     * @param lengths the number of words of each sentence, {@code (B)}
     * @param training whether this is a training pass
     * @return {@code (mean, log-variance)}, each {@code (B, latent)}
     */
    public NDList encode(ParameterStore store, NDArray tokens, NDArray lengths, boolean training) {
        NDArray states = encoder.forward(store, new NDList(embed(store, tokens, training)), training).head();
        long batch = tokens.getShape().get(0);
        NDArray last =
                lengths.sub(1).reshape(batch, 1, 1).broadcast(new Shape(batch, 1, hidden));
        NDArray atLastWord = states.gather(last, 1).reshape(batch, hidden);
        NDList meanAndLogVar = posterior.forward(store, new NDList(atLastWord), training).head().split(2, 1);
        return meanNorm == null ? meanAndLogVar : meanNorm.onMean(store, meanAndLogVar, training);
    }

    /**
     * Returns next-token logits for a whole decoder input given z (teacher forcing).
     *
     * @param store the parameters
     * @param decoderInput {@code <s> w1 .. wn} ids, {@code (B, T)}
     * @param z latent codes, {@code (B, latent)}
     * @param training whether this is a training pass (dropout and word dropout act only then)
     * @return logits, {@code (B, T, V)}
     */
    public NDArray decode(ParameterStore store, NDArray decoderInput, NDArray z, boolean training) {
        NDArray tokens = training && wordDropout > 0 ? dropWords(decoderInput) : decoderInput;
        NDArray states = decoderStates(store, tokens, z, null, training).head();
        return output.forward(store, new NDList(states), training).head();
    }

    /**
     * Runs the decoder over some steps from given LSTM states, without dropout, for generation.
     *
     * @param store the parameters
     * @param tokens input ids, {@code (B, T)}
     * @param z latent codes, {@code (B, latent)}
     * @param state the LSTM's {@code (h, c)} to start from, or null for zeros
     * @return {@code (logits (B, T, V), h, c)}
     */
    public NDList decodeSteps(ParameterStore store, NDArray tokens, NDArray z, NDList state) {
        NDList out = decoderStates(store, tokens, z, state, false);
        NDArray logits = output.forward(store, new NDList(out.get(0)), false).head();
        return new NDList(logits, out.get(1), out.get(2));
    }

    private NDList decoderStates(
            ParameterStore store, NDArray tokens, NDArray z, NDList state, boolean training) {
        long steps = tokens.getShape().get(1);
        NDArray inputs = decoderDropout.forward(store, new NDList(embed(store, tokens, training)), training).head();
        NDArray withZ = inputs.concat(z.expandDims(1).repeat(1, steps), 2);
        NDList lstmInput = new NDList(withZ);
        if (state != null) {
            lstmInput.addAll(state);
        }
        NDList out = decoder.forward(store, lstmInput, training);
        NDArray dropped = decoderDropout.forward(store, new NDList(out.get(0)), training).head();
        return new NDList(dropped, out.get(1), out.get(2));
    }

    // Bowman et al.: replace each word after <s> by <unk> with probability wordDropout.
    private NDArray dropWords(NDArray tokens) {
        NDArray drop = tokens.getManager().randomUniform(0f, 1f, tokens.getShape()).lt(wordDropout);
        NDArray keepFirst = tokens.getManager().ones(new Shape(1, tokens.getShape().get(1)));
        keepFirst.set(new NDIndex(":, 0"), 0f);
        NDArray dropped = drop.toType(DataType.FLOAT32, false).mul(keepFirst).toType(DataType.INT64, false);
        return tokens.mul(dropped.neg().add(1)).add(dropped.mul(unknownId));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList posteriorParams = encode(store, inputs.get(0), inputs.get(2), training);
        NDArray mean = posteriorParams.get(0);
        NDArray logVar = posteriorParams.get(1);
        NDArray z = Reparameterization.sample(mean, logVar);
        return new NDList(decode(store, inputs.get(1), z, training), mean, logVar);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {
            new Shape(batch, inputShapes[1].get(1), vocabulary),
            new Shape(batch, latent),
            new Shape(batch, latent)
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        long steps = inputs[1].get(1);
        encoder.initialize(manager, dataType, new Shape(batch, inputs[0].get(1), embedding));
        posterior.initialize(manager, dataType, new Shape(batch, hidden));
        decoder.initialize(manager, dataType, new Shape(batch, steps, embedding + latent));
        decoderDropout.initialize(manager, dataType, new Shape(batch, steps, hidden));
        output.initialize(manager, dataType, new Shape(batch, steps, hidden));
        if (meanNorm != null) {
            meanNorm.initialize(manager, dataType, new Shape(batch, latent));
        }
    }
}
