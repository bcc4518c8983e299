package io.almengine.bench;

import java.util.Locale;

/**
 * How a bench prints its figures before the JSON line: one row per figure, its value, and the
 * goal with whether it was met; a figure that was not measured is a dash and never meets a goal.
 */
final class FigureTable {

    private FigureTable() {
    }

    static void row(StringBuilder t, String name, String value, String target) {
        t.append(String.format(Locale.ROOT, "| %-34s | %14s | %-26s |%n", name, value, target));
    }

    static String mark(boolean met) {
        return met ? " met" : " MISSED";
    }

    /** A figure to compare with its goal: one not measured is infinitely far from it. */
    static double at(Double value) {
        return value == null ? Double.POSITIVE_INFINITY : value;
    }

    /** Milliseconds, whole. */
    static String ms(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
