package io.almengine.notify;

/**
 * One alarm in a group, as its latest change left it, with what is needed to write its history.
 *
 * @param heldBack why it was last held back (a silence, a maintenance window, a mask), already
 *                 written to its history; {@code null} when it was not
 */
public record Member(long serialNo, String connectionId, Notice notice, String heldBack) {

    public Member(long serialNo, String connectionId, Notice notice) {
        this(serialNo, connectionId, notice, null);
    }

    public boolean firing() {
        return notice.status() == Notification.Status.FIRING;
    }

    public Member heldBack(String why) {
        return new Member(serialNo, connectionId, notice, why);
    }
}
