package io.klanneal.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A little room kept on a run's device while it trains ({@value RunDirectory#RESERVE_FILE}), given
 * back when a write fails for want of room, so that run.json can still say what happened.
 */
public final class SpaceReserve implements AutoCloseable {

    // Room for run.json (a few KB) and its temporary copy, with margin.
    private static final int BYTES = 64 * 1024;

    private final Path file;

    private SpaceReserve(Path file) {
        this.file = file;
    }

    /**
     * Keeps the room in a run directory.
     *
     * @param dir the run directory
     * @return the reserve, to close when the run ends
     * @throws IOException if there is not even that much room
     */
    public static SpaceReserve keep(RunDirectory dir) throws IOException {
        Path file = dir.resolve(RunDirectory.RESERVE_FILE);
        Files.write(file, new byte[BYTES]);
        return new SpaceReserve(file);
    }

    /** Gives the room back. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
