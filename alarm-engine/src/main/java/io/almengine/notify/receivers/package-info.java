/**
 * The catalogue of receiver types: which YAML key builds which {@link io.almengine.notify.Receiver}.
 * Only assembly lives here; each type's format and answers live in its own package.
 */
package io.almengine.notify.receivers;
