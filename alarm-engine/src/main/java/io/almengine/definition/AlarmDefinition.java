package io.almengine.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.almengine.model.AlarmCode;
import io.almengine.model.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
        Map<String, @Valid Setting> settings,
        @NotEmpty List<@Valid Parameter> parameters,
        @NotNull @Valid Text impact,
        @NotEmpty List<@Valid Text> causes,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]+\\.ya?ml", message = "must be a .yaml file name in the runbooks folder")
        String runbook,
        @NotNull @Valid LogBundleSpec logBundle,
        @Valid Heartbeats heartbeats,
        @Pattern(regexp = "client", message = "must be 'client' (the other connections of the same client are peers)")
        String peers,
        @Pattern(regexp = "connection|serverPort",
                message = "must be 'connection' (one alarm per client link) or 'serverPort' (one per server port, judged over its clients)")
        String scope) {

    /** {@code scope} of a definition judged per client link, the default. */
    public static final String PER_CONNECTION = "connection";
    /** {@code scope} of a definition judged per server port over all of its clients (a root cause). */
    public static final String PER_SERVER_PORT = "serverPort";

    public AlarmDefinition {
        scope = scope == null ? PER_CONNECTION : scope;
        requiredEventFields = requiredEventFields == null ? List.of() : List.copyOf(requiredEventFields);
        // A setting that could not be read is null here, already reported at its line.
        settings = settings == null ? Map.of() : settings.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * What detection keeps about an agent's heartbeats between rule evaluations, for alarm types
     * that judge silence rather than link state. Sizes only: thresholds stay in {@code settings}
     * and {@code raiseAfter}, where the rule reads them.
     *
     * @param reportTimes how many of the newest report (heartbeat) times are kept per connection, so
     *                    a rule can count up to that many reports in any recent window
     * @param intervals   inter-arrival statistics for a phi-accrual failure detector
     */
    public record Heartbeats(
            @Positive(message = "must be a positive whole number") @Max(1000) Integer reportTimes,
            @Valid Intervals intervals) {
    }

    /**
     * Inter-arrival statistics of heartbeats and how phi is computed from them.
     *
     * @param window    gaps the statistics cover: the newest {@code window/2} to {@code window}
     * @param expected  the heartbeat interval the agent is configured with: one prior sample, so phi
     *                  is defined from the first heartbeat on (Fluentd's {@code heartbeat_interval})
     * @param model     {@code exponential} (Fluentd out_forward, Cassandra) or {@code normal}
     *                  (Hayashibara et al., Akka)
     * @param minStdDev normal model: the standard deviation never counts as smaller than this
     * @param maxGap    a gap longer than this is an outage, not a sample of the agent's rhythm
     */
    public record Intervals(
            @NotNull @Min(2) @Max(100_000) Integer window,
            @NotNull Duration expected,
            @NotNull PhiModel model,
            Duration minStdDev,
            Duration maxGap) {

        @JsonIgnore
        @AssertTrue(message = "expected, minStdDev and maxGap must be positive durations")
        public boolean isDurationsPositive() {
            return positive(expected) && (minStdDev == null || positive(minStdDev)) && (maxGap == null || positive(maxGap));
        }

        private static boolean positive(Duration d) {
            return d == null || (!d.isNegative() && !d.isZero());
        }
    }

    /** Which distribution of heartbeat gaps phi assumes. */
    public enum PhiModel {
        EXPONENTIAL, NORMAL;

        @JsonCreator
        public static PhiModel fromWire(String value) {
            for (PhiModel m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown phi model '" + value + "' (exponential, normal)");
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
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

    /**
     * A rule that counts reports ({@code settings.minReports}) can only count as far as detection
     * keeps report times; a larger minimum would be met by every agent, silently.
     */
    @JsonIgnore
    @AssertTrue(message = "settings.minReports needs heartbeats.reportTimes of at least the same number")
    public boolean isReportTimesEnough() {
        Setting min = settings == null ? null : settings.get("minReports");
        if (min == null || min.defaultValue() == null) {
            return true;
        }
        try {
            int needed = Integer.parseInt(min.defaultValue());
            return heartbeats != null && heartbeats.reportTimes() != null && heartbeats.reportTimes() >= needed;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The event fields that events of this component must carry besides the always-required ones. */
    public Set<String> extraRequiredFields() {
        return Set.copyOf(requiredEventFields);
    }

    /**
     * A setting as text (any declared type reads as text). Throws, naming the definition and the
     * declared settings, when the definition does not declare {@code name}: the engine evaluates
     * every rule once at start, so such a rule stops the start rather than a stream thread.
     */
    public String setting(String name) {
        return declared(name, Setting.Type.TEXT).defaultValue();
    }

    /** A numeric setting ({@code phiThreshold: {type: number, default: 16}}); an {@code int} reads too. */
    public double numberSetting(String name) {
        return Double.parseDouble(declared(name, Setting.Type.NUMBER).defaultValue());
    }

    /** A whole-number setting ({@code minReports: {type: int, default: 8}}). */
    public int intSetting(String name) {
        return Integer.parseInt(declared(name, Setting.Type.INT).defaultValue());
    }

    /** A duration setting ({@code reportWindow: {type: duration, default: PT10M}}). */
    public Duration durationSetting(String name) {
        return Duration.parse(declared(name, Setting.Type.DURATION).defaultValue());
    }

    private Setting declared(String name, Setting.Type read) {
        Setting setting = settings.get(name);
        if (setting == null) {
            throw new UndeclaredSettingException(code() + ": setting '" + name + "' is not declared in " + code()
                    + ".yaml (declared: " + (settings.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(settings.keySet())))
                    + ")");
        }
        if (!setting.type().readableAs(read)) {
            throw new UndeclaredSettingException(code() + ": setting '" + name + "' is declared " + setting.type().wireName()
                    + " (" + setting.expected() + ") but read as " + read.wireName());
        }
        return setting;
    }

    /** A rule read a setting its definition does not declare, or as another type than declared. */
    public static final class UndeclaredSettingException extends IllegalStateException {
        UndeclaredSettingException(String message) {
            super(message);
        }
    }

    /**
     * Whether this alarm type is judged per server port over the links of all its clients (raised
     * for {@code source|component|serverHost:serverPort}, the clients' own alarms linked to it as
     * children) rather than per client link.
     */
    @JsonIgnore
    public boolean perServerPort() {
        return PER_SERVER_PORT.equals(scope);
    }

    /** A server port is known by its host and port: events of its component must carry both. */
    @JsonIgnore
    @AssertTrue(message = "scope serverPort needs requiredEventFields [serverHost, serverPort]")
    public boolean isServerPortKnown() {
        return !perServerPort() || (requiredEventFields != null && requiredEventFields.contains("serverHost")
                && requiredEventFields.contains("serverPort"));
    }

    /** Whether the connections of one client to different servers are evaluated together (see {@code peers}). */
    public boolean groupsPeers() {
        return "client".equals(peers);
    }

    /** {@code ALM-24003}, the form operators use and the definition file is named after. */
    public String code() {
        return AlarmCode.of(id).toString();
    }
}
