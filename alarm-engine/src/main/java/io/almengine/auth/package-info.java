/**
 * Bearer tokens and roles. Tokens are stored hashed in the compacted {@code alm.tokens} topic,
 * so every instance on the same Kafka knows the same tokens and a revocation reaches all of them.
 *
 * <p>Answers "who is this and what may they do"; it never handles HTTP or alarms itself.
 */
package io.almengine.auth;
