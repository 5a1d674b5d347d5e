package io.klanneal.pixelcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.klanneal.run.PublicApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plugin is written against klanneal's public API only, as a user's model kind would be. */
class PublicApiTest {

    // Any klanneal package the source names: in an import, a static import or a qualified name.
    private static final Pattern KLANNEAL_PACKAGE = Pattern.compile("\\bio\\.klanneal(\\.[a-z][a-z0-9]*)+(?=\\.[A-Z])");

    @Test
    void thePluginUsesOnlyThePublicPackages() throws Exception {
        Set<String> used = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertFalse(sources.isEmpty());
        for (Path source : sources) {
            Matcher m = KLANNEAL_PACKAGE.matcher(Files.readString(source));
            while (m.find()) {
                used.add(m.group());
            }
        }
        used.remove("io.klanneal.pixelcnn");
        Set<String> past = new TreeSet<>(used);
        past.removeAll(PublicApi.PACKAGES);
        assertEquals(Set.of(), past, "packages past klanneal's public API (PublicApi.PACKAGES)");
        assertFalse(used.isEmpty(), "the scan finds the packages the plugin does use");
    }
}
