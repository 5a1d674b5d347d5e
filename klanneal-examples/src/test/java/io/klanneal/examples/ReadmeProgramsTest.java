package io.klanneal.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README's "Use from Java" shows each example program as it is compiled and run here. */
class ReadmeProgramsTest {

    @ParameterizedTest
    @ValueSource(strings = {"TrainWithSchedules", "TrainYourOwnModel"})
    void theReadmeShowsTheProgramVerbatim(String program) throws Exception {
        String source = "src/main/java/io/klanneal/examples/" + program + ".java";
        String readme = Files.readString(Path.of("../README.md"));
        String marker = "<!-- the program below is klanneal-examples/" + source + " -->";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README.md has no marker " + marker);
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        int end = readme.indexOf("```\n", start);
        assertEquals(Files.readString(Path.of(source)), readme.substring(start, end));
    }
}
