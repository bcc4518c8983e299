/**
 * The view every engine instance keeps of all alarms, mirrored from the compacted
 * {@code alm.alarms} topic, and the queries the API runs on it (filters, sort, paging).
 *
 * <p>Read-only: it never changes an alarm. Changes go through the pipeline.
 */
package io.almengine.view;
