package io.klanneal.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Decodes sentences from latent codes, one token at a time from {@code <s>} until {@code </s>}
 * (never emitting {@code <pad>}), without dropout.
 */
public final class TextGenerator {

    private final TextVae block;
    private final ParameterStore store;
    private final Vocabulary vocabulary;
    private final int maxLength;

    /**
     * Creates a generator.
     *
     * @param loaded a loaded text model
     * @param maxLength the most tokens per sentence
     */
    public TextGenerator(TextModelStore.Loaded loaded, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("the decode length must be at least 1, got " + maxLength);
        }
        block = loaded.block();
        store = new ParameterStore(loaded.model().getNDManager(), false);
        vocabulary = loaded.vocabulary();
        this.maxLength = maxLength;
    }

    /**
     * Decodes one sentence per row of {@code z}.
     *
     * @param manager where the arrays go
     * @param z latent codes, {@code (N, latent)}
     * @param random null for greedy decoding (the most likely token each step), else the source
     *     for sampling from the softmax
     * @return the sentences, as space-separated tokens
     */
    public List<String> decode(NDManager manager, NDArray z, Random random) {
        int n = (int) z.getShape().get(0);
        int v = vocabulary.size();
        List<List<String>> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(new ArrayList<>());
        }
        boolean[] done = new boolean[n];
        long[] next = new long[n];
        Arrays.fill(next, Vocabulary.BOS_ID);
        NDList state = null;
        try (NDManager steps = manager.newSubManager()) {
            NDArray code = z.duplicate();
            code.attach(steps);
            for (int t = 0; t < maxLength; t++) {
                NDArray tokens = steps.create(next, new Shape(n, 1));
                NDList out = block.decodeSteps(store, tokens, code, state);
                state = new NDList(out.get(1), out.get(2));
                float[] logits = out.get(0).toFloatArray();
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    int token = choose(logits, i * v, v, random);
                    next[i] = token;
                    if (!done[i]) {
                        if (token == Vocabulary.EOS_ID) {
                            done[i] = true;
                        } else {
                            words.get(i).add(vocabulary.token(token));
                        }
                    }
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
        }
        List<String> sentences = new ArrayList<>();
        words.forEach(w -> sentences.add(String.join(" ", w)));
        return sentences;
    }

    /**
     * Returns the posterior means of sentences.
     *
     * @param manager where the arrays go
     * @param sentences the sentences, whitespace-separated tokens
     * @return the means, {@code (N, latent)}
     */
    public NDArray posteriorMeans(NDManager manager, List<String> sentences) {
        List<String[]> tokens = new ArrayList<>();
        for (String sentence : sentences) {
            String[] words = sentence.strip().split("\\s+");
            if (sentence.isBlank()) {
                throw new IllegalArgumentException("cannot encode an empty sentence");
            }
            tokens.add(words);
        }
        SentenceBatches batches =
                SentenceBatches.inOrder(new Corpus("input", tokens, null), vocabulary, tokens.size());
        for (Batch batch : batches.getData(manager)) {
            try (batch) {
                NDList data = batch.getData();
                NDArray mean = block.encode(store, data.get(0), data.get(2), false).get(0);
                NDArray kept = mean.duplicate();
                kept.attach(manager);
                return kept;
            }
        }
        throw new IllegalArgumentException("no sentence to encode");
    }

    // <pad> and <s> are never words of a sentence, however likely the model finds them.
    private static boolean emittable(int token) {
        return token != Vocabulary.PAD_ID && token != Vocabulary.BOS_ID;
    }

    static int choose(float[] logits, int offset, int v, Random random) {
        if (random == null) {
            int best = Vocabulary.UNK_ID;
            for (int j = 0; j < v; j++) {
                if (emittable(j) && logits[offset + j] > logits[offset + best]) {
                    best = j;
                }
            }
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            if (emittable(j)) {
                max = Math.max(max, logits[offset + j]);
            }
        }
        double[] cumulative = new double[v];
        double total = 0;
        for (int j = 0; j < v; j++) {
            total += emittable(j) ? Math.exp(logits[offset + j] - max) : 0;
            cumulative[j] = total;
        }
        double u = random.nextDouble() * total;
        for (int j = 0; j < v; j++) {
            if (emittable(j) && u < cumulative[j]) {
                return j;
            }
        }
        return Vocabulary.EOS_ID;
    }
}
