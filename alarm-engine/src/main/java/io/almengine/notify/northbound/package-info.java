/**
 * Northbound receivers, as FusionInsight offers them to an NMS: {@code syslog} (RFC 5424 or 3164
 * over UDP, TCP or TLS) and {@code snmp} (v2c or v3 traps described by {@code mib/ALM-ENGINE-MIB.txt}).
 * Both speak in FusionInsight's northbound fields ({@link io.almengine.notify.northbound.NorthboundAlarm}),
 * one message per alarm. {@link io.almengine.notify.northbound.PeriodicReport} says when to re-report
 * uncleared alarms and when to send a heartbeat; it reads a clock and a list of active alarms and
 * sends nothing itself. Like every receiver they never retry or wait: the notification stage does.
 */
package io.almengine.notify.northbound;
