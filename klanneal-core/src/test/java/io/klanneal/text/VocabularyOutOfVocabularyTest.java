package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Words a vocabulary does not know are counted, and a high share is warned about. */
class VocabularyOutOfVocabularyTest {

    private static Corpus corpus(String... lines) {
        return new Corpus("test", java.util.Arrays.stream(lines).map(l -> l.split(" ")).toList(), null);
    }

    @Test
    void countsUnknownWordsButNotALiteralUnk() {
        Vocabulary vocabulary = Vocabulary.build(corpus("a b c", "a b"), 0, 1);
        Vocabulary.OutOfVocabulary counted = vocabulary.outOfVocabulary(corpus("a x <unk>", "y y b"));
        assertEquals(6, counted.words());
        assertEquals(3, counted.unknown(), "x, y, y; the text's own <unk> was unknown before");
        assertEquals(List.of("x", "y"), counted.examples());
        assertEquals(0.5, counted.rate());
    }

    @Test
    void warnsOnlyAboveFivePercent() {
        Vocabulary vocabulary = Vocabulary.build(corpus("a b c d e f g h i j k l m n o p q r s t"), 0, 1);
        assertTrue(vocabulary.outOfVocabulary(corpus("a b c d e f g h i j k l m n o p q r s z")).warning("t").isEmpty(),
                "1 in 20 is 5%: no warning");
        String warning = vocabulary.outOfVocabulary(corpus("a b c d e f g h i j k l m n o p q r y z"))
                .warning("the file").orElseThrow();
        assertTrue(warning.startsWith("10.0% of the words of the file (2 of 20) are not in the model's vocabulary"
                + " and read as <unk> (y, z)"), warning);
    }
}
