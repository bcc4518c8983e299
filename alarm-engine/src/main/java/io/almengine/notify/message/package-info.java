/**
 * What a notification says, in English or Chinese, before any service's format: the subject, each
 * alarm's name, severity, parameters, times (with their time zone), serial number and links, and
 * the count of alarms left out. The robot and e-mail receivers render a {@link
 * io.almengine.notify.message.Digest} in their own markup; nothing here knows a service.
 */
package io.almengine.notify.message;
