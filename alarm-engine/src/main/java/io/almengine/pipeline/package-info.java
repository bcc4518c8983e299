/**
 * Wiring only: the Kafka Streams topology that chains ingest → detect → lifecycle over one
 * partition's connections ({@link io.almengine.pipeline.AlarmPipeline}: which processor reads
 * which topic, which stores each one gets, with which serde), the engine's topic names
 * ({@link io.almengine.pipeline.Topics}) and the JSON serde the wiring gives the JSON topics and
 * stores ({@link io.almengine.kafka.JsonSerde}).
 *
 * <p>The stages' logic, and anything they share, lives in the stage that owns it (the deadline
 * index, the connection state's serde and the peer routing in {@code detect}); no stage imports
 * this package; the engine's assembly (engine, cli, bench) does. {@code PackageDependenciesTest}
 * checks it.
 */
package io.almengine.pipeline;
