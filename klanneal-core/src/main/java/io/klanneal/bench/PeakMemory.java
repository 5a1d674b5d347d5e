package io.klanneal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The process's peak resident memory: the JVM's heap and everything the engine allocated. */
public final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /**
     * Returns the most resident memory the process has held so far, from Linux's {@code VmHWM}.
     *
     * @return bytes, or empty where {@code /proc/self/status} does not say (not Linux)
     */
    public static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
