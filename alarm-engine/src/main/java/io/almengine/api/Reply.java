package io.almengine.api;

import java.util.Map;

/** What an endpoint answers: a status, a value written as JSON, and any headers the status calls for. */
public record Reply(int status, Object body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public Reply(int status, Object body) {
        this(status, body, Map.of());
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }
}
