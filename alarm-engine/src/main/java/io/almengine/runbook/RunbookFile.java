package io.almengine.runbook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.almengine.definition.AlarmDefinition.Text;
import java.time.Duration;
import java.util.List;

/**
 * A runbook file exactly as written, before validation: every field may be missing. Only
 * {@link RunbookReader} sees these; the rest of the engine gets a validated {@link Runbook}.
 */
record RunbookFile(Integer alarmId, Text title, String start, List<SectionFile> sections) {

    record SectionFile(String id, Text title, List<StepFile> steps) {
    }

    record StepFile(String id, Text title, Text instructions, List<String> commands, CheckFile check,
                    Text question, String yes, String no, String next, String end) {
    }

    /** One of the four type keys, with its argument; the other fields qualify it. */
    record CheckFile(@JsonProperty("tcp-connect") String tcpConnect,
                     @JsonProperty("http-get") String httpGet,
                     @JsonProperty("file-exists") String fileExists,
                     @JsonProperty("process-running") String processRunning,
                     List<Integer> status,
                     Duration timeout,
                     String ifPassed) {
    }
}
