package io.almengine.ingest;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Event;
import io.almengine.model.Watermark;
import java.util.List;

/** Either a valid event, a valid watermark, or every problem found in the input, each naming its field. */
public sealed interface ParseResult {

    /** What was read, when it was valid; {@code null} otherwise. */
    default Event valid() {
        return null;
    }

    record Valid(ConnectionEvent event) implements ParseResult {
        @Override
        public Event valid() {
            return event;
        }
    }

    /** A reporter's {@code WATERMARK}: not about one connection, so it has no connection id. */
    record ValidWatermark(Watermark watermark) implements ParseResult {
        @Override
        public Event valid() {
            return watermark;
        }
    }

    /** @param tooLarge whether the input broke a size limit (the API answers 413 rather than 400) */
    record Invalid(List<String> problems, boolean tooLarge) implements ParseResult {
        public Invalid {
            problems = List.copyOf(problems);
        }

        public Invalid(List<String> problems) {
            this(problems, false);
        }

        public String reason() {
            return String.join("; ", problems);
        }
    }
}
