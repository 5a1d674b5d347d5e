package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.compare.TrainProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./klanneal} launcher, run with stand-ins for Maven and Java on the PATH. */
class LauncherTest {

    @TempDir Path dir;

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String out, String err) {}

    private Result launch(Map<String, String> environment) throws Exception {
        Path root = dir.resolve("checkout");
        Files.createDirectories(root);
        Files.copy(Path.of("..", "klanneal"), root.resolve("klanneal"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path launch = Path.of("klanneal-core", "src", "main", "resources", "io", "klanneal", "launch.properties");
        Files.createDirectories(root.resolve(launch).getParent());
        Files.copy(Path.of("..").resolve(launch), root.resolve(launch), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // Maven 3.8's batch mode still writes colour resets; the stand-in does the same.
        script(bin.resolve("mvn"), "printf '\\033[0m\\033[1mbuilt\\033[m\\n' >&2\n"
                + "mkdir -p klanneal-cli/target && touch klanneal-cli/target/klanneal.jar");
        script(bin.resolve("java"), "echo \"mmap_max=$MALLOC_MMAP_MAX_ trim=$MALLOC_TRIM_THRESHOLD_ args=$*\"");
        ProcessBuilder builder = new ProcessBuilder(root.resolve("klanneal").toString(), "bench", "text");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().remove("MALLOC_MMAP_MAX_");
        builder.environment().remove("MALLOC_TRIM_THRESHOLD_");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void firstUseBuildWritesNoEscapeCodesIntoAPipe() throws Exception {
        Result result = launch(Map.of());
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.err().contains("klanneal: building"), result.err());
        assertTrue(result.err().contains("built"), "Maven's own lines still show: " + result.err());
        assertFalse(result.err().contains("\u001b"), "no escape codes: " + result.err());
    }

    @Test
    void keepsFreedMemoryForReuseUnlessTheUserChoseOtherwise() throws Exception {
        Result defaults = launch(Map.of());
        assertTrue(defaults.out().contains("mmap_max=0 trim=4294967296"), defaults.out());
        assertTrue(defaults.out().endsWith("bench text\n"), "arguments passed through: " + defaults.out());
        java.util.List<String> jvm = TrainProcess.jvm(Path.of("java"), java.util.List.of(), "CP", "Main");
        assertTrue(defaults.out().contains("args=" + String.join(" ", jvm.subList(1, jvm.size() - 3)) + " "),
                "the flags of launch.properties, as training processes get them: " + defaults.out());
        Result chosen = launch(Map.of("MALLOC_MMAP_MAX_", "65536"));
        assertTrue(chosen.out().contains("mmap_max=65536 trim=4294967296"), chosen.out());
    }
}
