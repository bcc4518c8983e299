/**
 * The Kafka Streams topology that chains ingest → detect → lifecycle over one partition's
 * connections, and the plumbing those stages share (topic names, serdes, the deadline index).
 *
 * <p>Owns wiring only: which processor reads which topic and which stores each one gets. The
 * stages' logic lives in their own packages.
 */
package io.almengine.pipeline;
