package io.klanneal.config;

import io.klanneal.schedule.FeedbackSchedule;
import io.klanneal.schedule.ScheduleSpec;
import java.util.Objects;

/**
 * A schedule with the text that names it in reports and {@code config.json}: a spec's canonical
 * text, or a caller's description of a schedule built in Java (which {@code config.json} can record
 * but not rebuild).
 *
 * @param schedule the schedule
 * @param description the canonical spec, or the caller's description
 */
public record NamedSchedule(FeedbackSchedule schedule, String description) {

    public NamedSchedule {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Parses a spec such as {@code cyclical:cycles=4,ratio=0.5}.
     *
     * @param spec the text
     * @return the schedule, described by its canonical spec
     */
    public static NamedSchedule parse(String spec) {
        ScheduleSpec parsed = ScheduleSpec.parse(spec);
        return new NamedSchedule(parsed.schedule(), parsed.toString());
    }

    @Override
    public String toString() {
        return description;
    }
}
