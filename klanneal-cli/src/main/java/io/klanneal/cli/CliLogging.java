package io.klanneal.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the command line shows of klanneal's and DJL's logging: warnings and errors, one line each,
 * as {@code klanneal: warning: ...}, on stderr. {@code -Dklanneal.debug=LOGGER[,LOGGER]} shows a
 * logger's debug lines too (e.g. {@code io.klanneal.run.RunCheckpoints} times each checkpoint); a
 * {@code java.util.logging.config.file} given to the JVM replaces all of this.
 */
final class CliLogging {

    // Held, or java.util.logging may forget a level set on a logger nobody else holds yet.
    private static final Logger CUDA_PROBE = Logger.getLogger("ai.djl.util.cuda.CudaUtils");
    private static final java.util.List<Logger> DEBUGGED = new java.util.ArrayList<>();

    private CliLogging() {}

    /** Sets the format and levels; call once, first thing in main. */
    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        ConsoleHandler handler = new ConsoleHandler(); // stderr
        handler.setLevel(Level.ALL);
        handler.setFormatter(new LineFormat());
        root.addHandler(handler);
        // DJL probes for CUDA on every start; on a CPU-only machine that is expected, not a warning.
        CUDA_PROBE.setLevel(Level.SEVERE);
        for (String name : System.getProperty("klanneal.debug", "").split(",")) {
            if (!name.isBlank()) {
                Logger logger = Logger.getLogger(name.strip());
                logger.setLevel(Level.FINE);
                DEBUGGED.add(logger);
            }
        }
    }

    /** {@code klanneal: warning: MESSAGE}, the way the command line reports its own errors. */
    static final class LineFormat extends Formatter {
        @Override
        public String format(LogRecord record) {
            String level = record.getLevel().intValue() >= Level.SEVERE.intValue()
                    ? "error: "
                    : record.getLevel().intValue() >= Level.WARNING.intValue() ? "warning: " : "";
            String message = formatMessage(record);
            if (record.getThrown() != null) {
                message += " (" + record.getThrown() + ")";
            }
            return String.format(Locale.ROOT, "klanneal: %s%s%n", level, message);
        }
    }
}
