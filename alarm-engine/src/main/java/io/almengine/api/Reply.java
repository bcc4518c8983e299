package io.almengine.api;

/** What an endpoint answers: a status and a value written as JSON. */
public record Reply(int status, Object body) {

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
