/**
 * Alarm definitions: the operator's YAML files that say what an alarm type is (id, names,
 * severity, threshold, parameters, impact, causes, runbook, what logs to collect), loaded and
 * validated at start.
 *
 * <p>Owns reading and validating those files and nothing else: it never decides when an alarm is
 * raised (that is {@code detect} and the rule files) and never touches Kafka.
 */
package io.almengine.definition;
