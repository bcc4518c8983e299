package io.almengine.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.almengine.model.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alarm type, as its file in {@code alarm-definitions/} describes it. The rule file decides
 * when it is raised; this says what it is and what it carries.
 */
public record AlarmDefinition(
        @Positive @Max(999_999) int id,
        @NotBlank String name,
        @NotBlank String nameZh,
        @NotNull Severity severity,
        @NotNull Boolean autoClear,
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*", message = "must be lower-case letters, digits and '-'")
        String component,
        @NotNull Duration raiseAfter,
        List<@Pattern(regexp = "serverHost|serverPort|clientName|sinkName",
                message = "must be one of serverHost, serverPort, clientName, sinkName") String> requiredEventFields,
        Map<String, String> settings,
        @NotEmpty List<@Valid Parameter> parameters,
        @NotNull @Valid Text impact,
        @NotEmpty List<@Valid Text> causes,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]+\\.ya?ml", message = "must be a .yaml file name in the runbooks folder")
        String runbook,
        @NotNull @Valid LogBundleSpec logBundle) {

    public AlarmDefinition {
        requiredEventFields = requiredEventFields == null ? List.of() : List.copyOf(requiredEventFields);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A parameter shown with the alarm (告警参数), taken from the event field or attribute of the same name. */
    public record Parameter(
            @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]*", message = "must be an identifier") String name,
            @NotBlank String label,
            @NotBlank String labelZh,
            String description,
            String descriptionZh) {
    }

    /** English and Chinese wording of the same sentence. */
    public record Text(@NotBlank String en, @NotBlank String zh) {
    }

    /** What to collect when escalating: absolute globs on the named host, cut to a window around the alarm. */
    public record LogBundleSpec(
            @NotNull Duration before,
            @NotNull Duration after,
            @NotEmpty List<@Valid LogSource> sources) {

        @JsonIgnore
        @AssertTrue(message = "before and after must not be negative")
        public boolean isWindowValid() {
            return before == null || after == null || !(before.isNegative() || after.isNegative());
        }
    }

    /**
     * @param whole {@code true} for configuration files the escalation needs as they are (Logtail's
     *              {@code app_info.json}): collected whole, whatever their age, never cut to the window
     */
    public record LogSource(
            @NotBlank @Pattern(regexp = "client|server|engine", message = "must be client, server or engine") String host,
            @NotBlank @Pattern(regexp = "/.*", message = "must be an absolute glob") String glob,
            @NotBlank String description,
            Boolean whole) {

        public boolean wholeFile() {
            return Boolean.TRUE.equals(whole);
        }
    }

    @JsonIgnore
    @AssertTrue(message = "must be a positive duration such as PT3M")
    public boolean isRaiseAfterPositive() {
        return raiseAfter == null || (!raiseAfter.isNegative() && !raiseAfter.isZero());
    }

    @JsonIgnore
    @AssertTrue(message = "every parameter name must be unique")
    public boolean isParameterNamesUnique() {
        return parameters == null || parameters.stream().map(Parameter::name).distinct().count() == parameters.size();
    }

    /** The event fields that events of this component must carry besides the always-required ones. */
    public Set<String> extraRequiredFields() {
        return Set.copyOf(requiredEventFields);
    }

    /** {@code ALM-24003}, the form operators use and the definition file is named after. */
    public String code() {
        return "ALM-" + id;
    }
}
