package io.almengine.view;

/** A validated query on the alarm list: which alarms, in which order, which page of them. */
public record AlarmQuery(AlarmFilter filter, AlarmSort sort, int limit, int offset) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
}
