/**
 * Assembles a running engine from its configuration: broker (embedded or external), topics, the
 * Kafka Streams pipeline, the alarm view, tokens and the HTTP server; starts them in order and
 * stops them in reverse.
 *
 * <p>Owns start-up, shutdown and health, and how Kafka Streams runs in this process: its
 * properties ({@link io.almengine.engine.StreamsProperties}) and the one bound on RocksDB's
 * off-heap memory that all state stores share ({@link io.almengine.engine.BoundedRocksDbMemory}).
 * No alarm logic lives here.
 */
package io.almengine.engine;
