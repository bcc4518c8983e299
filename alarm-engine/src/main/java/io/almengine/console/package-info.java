/**
 * The web console: static files (plain JavaScript, no build step) served from the classpath folder
 * {@code console/} at {@code /}, next to the API on the same Jetty server. The console talks to
 * the REST API and {@code /api/stream} like any other client; nothing here reads alarms itself.
 */
package io.almengine.console;
