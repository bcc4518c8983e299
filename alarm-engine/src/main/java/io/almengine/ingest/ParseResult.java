package io.almengine.ingest;

import io.almengine.model.ConnectionEvent;
import java.util.List;

/** Either a valid event or every problem found in the input, each naming its field. */
public sealed interface ParseResult {

    record Valid(ConnectionEvent event) implements ParseResult {
    }

    record Invalid(List<String> problems) implements ParseResult {
        public Invalid {
            problems = List.copyOf(problems);
        }

        public String reason() {
            return String.join("; ", problems);
        }
    }
}
