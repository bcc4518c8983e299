package io.almengine.api;

import java.util.List;

/** An answer other than success, with a message that says what to fix and, for input, every problem. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<String> problems;

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, List<String> problems) {
        super(message, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    public static ApiException badRequest(String message, List<String> problems) {
        return new ApiException(400, message, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
