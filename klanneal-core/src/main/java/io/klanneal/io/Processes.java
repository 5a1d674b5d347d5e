package io.klanneal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Whether a process named by its id and start instant is still running (ids are reused). */
public final class Processes {

    private Processes() {}

    /** Returns this process's start instant as {@link #alive} compares it, or "" where unknown. */
    public static String started(ProcessHandle process) {
        return process.info().startInstant().map(Object::toString).orElse("");
    }

    /**
     * Returns whether the process with this id that started at this instant is running: not gone,
     * not another process that took its id, not a zombie waiting for its parent to reap it.
     *
     * @param pid the process id
     * @param started its start instant, as {@link #started} gave it
     * @return true while it runs
     */
    public static boolean alive(long pid, String started) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> !zombie(pid))
                .map(p -> sameStart(started(p), started))
                .orElse(false);
    }

    /**
     * Returns whether two start instants, each read by some JVM, name the same start. A JVM reads
     * a process's start as the boot time in whole seconds plus the process's start since boot;
     * the kernel's boot time can move by a second as the clock is adjusted, so two JVMs reading
     * it at different moments may disagree by exactly one second (seen once: two training
     * processes took their live parent for gone). A reused process id cannot start within a
     * second of the process it replaces, so a second's disagreement is the same process.
     */
    static boolean sameStart(String read, String recorded) {
        if (read.equals(recorded)) {
            return true;
        }
        try {
            return Duration.between(Instant.parse(read), Instant.parse(recorded)).abs().compareTo(Duration.ofSeconds(1)) <= 0;
        } catch (DateTimeParseException unknown) {
            return false;
        }
    }

    // A killed process stays in the table until its parent reaps it; Linux says so in /proc.
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException noProc) {
            return false;
        }
    }
}
