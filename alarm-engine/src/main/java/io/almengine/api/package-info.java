/**
 * The REST API on Jetty 12: routes as URI templates on Jetty's {@code PathMappingsHandler}
 * ({@link io.almengine.api.Router}), every {@code /api/} call authenticated in one place
 * ({@link io.almengine.api.Authentication}), JSON in and out, and the endpoints of the contract.
 * Endpoints read from the alarm view and write through the interfaces in {@link io.almengine.api.ApiParts}
 * (Kafka in the engine); none of them changes state directly.
 * A command the alarm's owner refuses becomes an HTTP status here and nowhere else
 * ({@link io.almengine.api.ApiException#refused}).
 */
package io.almengine.api;
