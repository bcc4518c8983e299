/**
 * Kafka plumbing the engine needs around its pipeline: the embedded single-node broker, creating
 * the engine's topics, mirroring a compacted topic into memory, and telling whether a partition's
 * backlog has been read.
 *
 * <p>Knows topics, offsets and bytes, never alarms or events.
 */
package io.almengine.kafka;
