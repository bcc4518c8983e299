/**
 * Assembles a running engine from its configuration: broker (embedded or external), topics, the
 * Kafka Streams pipeline, the alarm view, tokens and the HTTP server; starts them in order and
 * stops them in reverse.
 *
 * <p>Owns start-up, shutdown and health. No alarm logic lives here.
 */
package io.almengine.engine;
