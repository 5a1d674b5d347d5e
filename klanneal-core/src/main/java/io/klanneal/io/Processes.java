package io.klanneal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
                .map(p -> started(p).equals(started))
                .orElse(false);
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
