package io.klanneal.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentences from the glosses of the WordNet 3.0 database (Debian's {@code wordnet-base}): each
 * synset's gloss, the text after {@code " | "} in {@code data.noun}, {@code data.verb}, {@code
 * data.adj} and {@code data.adv}, split at {@code ';'} into its definitions and quoted examples,
 * about 184,000 sentences and 1.5 million words. Tokens are written as in Mikolov's PTB files:
 * lower case, numbers as {@code N}, no punctuation.
 */
public final class WordNetGlosses {

    /** Where Debian's {@code wordnet-base} puts the database. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/wordnet");

    private static final List<String> FILES = List.of("data.noun", "data.verb", "data.adj", "data.adv");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+([.,][0-9]+)*");
    private static final Pattern WORD = Pattern.compile("[a-z]+(?:'[a-z]+)?|N");

    private WordNetGlosses() {}

    /** Returns the database files the sentences come from, in the order they are read. */
    public static List<Path> files(Path dir) {
        return FILES.stream().map(dir::resolve).toList();
    }

    /**
     * Reads the glosses' sentences, in file order.
     *
     * @param dir the database directory
     * @return the sentences
     * @throws IOException naming the directory and how to get the database when a file is missing
     */
    public static Corpus read(Path dir) throws IOException {
        List<String[]> sentences = new ArrayList<>();
        for (Path file : files(dir)) {
            if (!Files.isRegularFile(file)) {
                throw new IOException("no WordNet database at " + dir + " (" + file.getFileName()
                        + " is missing): install Debian's wordnet-base (apt-get install wordnet-base), or give"
                        + " wordnet:DIR naming a directory that holds " + String.join(", ", FILES));
            }
            // Synset lines start with their offset; the licence lines at the top with two spaces.
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                int gloss = line.indexOf(" | ");
                if (line.startsWith(" ") || gloss < 0) {
                    continue;
                }
                for (String part : line.substring(gloss + 3).split(";")) {
                    String[] words = words(part);
                    if (words.length > 0) {
                        sentences.add(words);
                    }
                }
            }
        }
        if (sentences.isEmpty()) {
            throw new IOException("the WordNet database at " + dir + " holds no gloss (no line with ' | ')");
        }
        return new Corpus("wordnet:" + dir, sentences, null);
    }

    // Lower case, numbers as N, words with their apostrophes, punctuation and quotes dropped.
    static String[] words(String text) {
        String lower = NUMBER.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("N");
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(lower);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words.toArray(String[]::new);
    }
}
