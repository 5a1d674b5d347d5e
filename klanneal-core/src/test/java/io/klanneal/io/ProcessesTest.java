package io.klanneal.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whether a process recorded by id and start instant still runs. */
class ProcessesTest {

    @Test
    void thisProcessIsAliveAsRecordedAndWhenTheBootTimeReadMovedBySecond() {
        ProcessHandle self = ProcessHandle.current();
        String started = Processes.started(self);
        assertTrue(Processes.alive(self.pid(), started));
        Instant instant = Instant.parse(started);
        assertTrue(Processes.alive(self.pid(), instant.plusSeconds(1).toString()), "a JVM that read the boot time a second later");
        assertTrue(Processes.alive(self.pid(), instant.minusSeconds(1).toString()));
    }

    @Test
    void anotherStartOnTheSameIdIsNotTheRecordedProcess() {
        ProcessHandle self = ProcessHandle.current();
        Instant instant = Instant.parse(Processes.started(self));
        assertFalse(Processes.alive(self.pid(), instant.plusMillis(1_010).toString()));
        assertFalse(Processes.alive(self.pid(), instant.minusSeconds(60).toString()));
        assertFalse(Processes.alive(self.pid(), "not an instant"));
    }
}
