package io.almengine.notify;

/**
 * One configured destination (a webhook, a DingTalk robot, a mailbox…). Implementations format and
 * sign the message as their service expects and translate its answer; they never retry, wait or
 * drop: the caller decides from the {@link Delivery}.
 */
public interface Receiver {

    String name();

    /** How many messages the service takes; the caller never sends beyond it. */
    SendLimit limit();

    /** Sends once and reports how it went; never throws for what the service or network answered. */
    Delivery deliver(Notification notification);
}
