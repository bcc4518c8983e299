/**
 * Notify: tells people about alarm changes. Routes each change of {@code alm.alarm-events} through
 * the routing tree of {@code notifications.yaml}, groups it, keeps pending sends in Kafka, and hands
 * each message to a {@link io.almengine.notify.Receiver} (webhook, DingTalk, WeCom, Feishu, e-mail, …),
 * within the receiver's {@link io.almengine.notify.SendLimit}, retrying what may still succeed.
 *
 * <p>It reads alarms and never changes them: what was sent is reported back as history through the
 * lifecycle's commands, not written here. Receivers know their service's format, signature and
 * answers and nothing of routing, grouping or Kafka.
 */
package io.almengine.notify;
