/**
 * The domain vocabulary every stage speaks: connection events, alarms and their small enums.
 *
 * <p>Only immutable records and enums live here. No I/O, no Kafka, no Drools: a stage that needs
 * behaviour beyond what the data itself can answer keeps it in its own package.
 */
package io.almengine.model;
