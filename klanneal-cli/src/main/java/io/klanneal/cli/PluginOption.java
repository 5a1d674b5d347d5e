package io.klanneal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --plugin JAR} flag, which every command takes and which is read before parsing. */
final class PluginOption {

    static final String FLAG = "--plugin";

    private PluginOption() {}

    /** Returns the jars an argument list names with {@code --plugin JAR} or {@code --plugin=JAR}. */
    static List<Path> given(String... args) {
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FLAG) && i + 1 < args.length) {
                jars.add(Path.of(args[++i]));
            } else if (args[i].startsWith(FLAG + "=")) {
                jars.add(Path.of(args[i].substring(FLAG.length() + 1)));
            }
        }
        return jars;
    }
}
