package io.klanneal.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Messages for JSON and YAML files a user wrote. */
public final class JsonFiles {

    private JsonFiles() {}

    /**
     * Reads a JSON or YAML file through its own file system (any {@link Path}, not only this
     * machine's files).
     *
     * @param mapper the JSON or YAML mapper
     * @param file the file
     * @return its tree
     * @throws IOException if it cannot be read or parsed
     */
    public static JsonNode read(ObjectMapper mapper, Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(file + " (No such file or directory)");
        }
        return mapper.readTree(bytes);
    }

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
