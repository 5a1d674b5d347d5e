package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.data.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WordNet's glosses as sentences, in the form of Mikolov's PTB files. */
class WordNetGlossesTest {

    @TempDir Path dir;

    // The layout of WordNet 3.0's data files: licence lines start with two spaces, synset lines
    // with their offset, the gloss after " | ".
    private void database() throws IOException {
        Files.writeString(dir.resolve("data.noun"), String.join("\n",
                "  1 This software and database is being provided to you, the LICENSEE, by  ",
                "  2 Princeton University under the following license. ",
                "00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived or known or inferred"
                        + " to have its own distinct existence (living or nonliving)  ",
                "09999999 05 n 01 year 0 000 | a period of 365.25 days; \"she was 20 years old\"; \"it's late\"  ",
                ""));
        Files.writeString(dir.resolve("data.verb"),
                "00001740 29 v 04 breathe 0 000 | draw air into, and expel out of, the lungs; \"I can breathe better\"  \n");
        Files.writeString(dir.resolve("data.adj"), "  1 licence only\n");
        Files.writeString(dir.resolve("data.adv"), "00001740 02 r 01 well 0 000 | ;  \n");
    }

    @Test
    void eachDefinitionAndExampleIsASentenceInLowerCaseWithNumbersAsNAndNoPunctuation() throws IOException {
        database();
        Corpus corpus = WordNetGlosses.read(dir);
        List<String> sentences = corpus.sentences().stream().map(s -> String.join(" ", s)).toList();
        assertEquals(List.of(
                "that which is perceived or known or inferred to have its own distinct existence living or nonliving",
                "a period of N days",
                "she was N years old",
                "it's late",
                "draw air into and expel out of the lungs",
                "i can breathe better"), sentences, "licence lines and empty parts are no sentences");
    }

    @Test
    void wordnetDataIsHeldOutBySeedAndRecordsItsFourFiles() throws IOException {
        database();
        Splits<Corpus> split = TextSpecs.load("wordnet:" + dir, 0.5, 1, 7);
        assertEquals(3, split.train().size());
        assertEquals(3, split.validation().size());
        assertEquals(WordNetGlosses.files(dir), split.files());
        assertArrayEquals(
                TextSpecs.load("wordnet:" + dir, 0.5, 1, 7).validation().sentences().get(0),
                split.validation().sentences().get(0), "the same seed holds out the same sentences");
    }

    @Test
    void aMissingDatabaseNamesTheDirectoryAndTheDebianPackage() throws IOException {
        Files.writeString(dir.resolve("data.noun"), "");
        IOException missing = assertThrows(IOException.class, () -> WordNetGlosses.read(dir));
        assertTrue(missing.getMessage().startsWith("no WordNet database at " + dir + " (data.verb is missing)"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("apt-get install wordnet-base"), missing.getMessage());
    }
}
