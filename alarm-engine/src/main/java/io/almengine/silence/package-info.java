/**
 * Silence: what operators asked not to be told about. Silences (label matchers over a time range,
 * Alertmanager's model), maintenance windows (a silence with a weekly schedule, Zabbix's periods)
 * and masks (FusionInsight's 屏蔽: an alarm id hidden from the list). Owns the compacted topics
 * {@code alm.silences} and {@code alm.masks}, which every instance mirrors in full.
 *
 * <p>It answers questions about an alarm ({@link io.almengine.silence.Suppressions#silencedBy},
 * {@link io.almengine.silence.Suppressions#masked}) and never changes one: a silenced or masked
 * alarm is detected, raised and cleared as any other. The view and the notification stage ask.
 * {@link io.almengine.silence.Suppressions#quiet} also answers for an alarm the rules raised quiet
 * (parameter {@code suppressedBy}, e.g. the ALM-24003 of a link that flaps while ALM-24901 is active).
 */
package io.almengine.silence;
