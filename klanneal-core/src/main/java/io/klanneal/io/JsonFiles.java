package io.klanneal.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;

/** Messages for JSON and YAML files a user wrote. */
public final class JsonFiles {

    private JsonFiles() {}

    /**
     * Says where a file could not be parsed and what the parser expected there, without Jackson's
     * {@code [Source: ...]} trailer.
     *
     * @param file the file
     * @param e what reading it threw
     * @return e.g. {@code "run.json line 3, column 7: Unexpected character ('}' ...): expected a value"}
     */
    public static String parseError(Path file, IOException e) {
        if (e instanceof JsonProcessingException parse) {
            JsonLocation at = parse.getLocation();
            String what = String.valueOf(parse.getOriginalMessage()).lines().findFirst().orElse("");
            return at == null || at.getLineNr() < 1
                    ? file + ": " + what
                    : file + " line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what;
        }
        return file + ": " + e.getMessage();
    }
}
