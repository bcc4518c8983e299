/**
 * The REST API on Jetty 12: routing, bearer-token checks, JSON in and out, and the endpoints of
 * the contract. Endpoints read from the alarm view and write through Kafka; none of them changes
 * state directly.
 */
package io.almengine.api;
