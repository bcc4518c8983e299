/**
 * Ingest: turns raw connection-event bytes (from Kafka or the HTTP API) into validated
 * {@link io.almengine.model.ConnectionEvent}s, and routes what is not a valid event to
 * {@code alm.dead-letters} with its original bytes and the reason.
 *
 * <p>Owns parsing and validation only. It keeps no state and decides nothing about alarms.
 */
package io.almengine.ingest;
