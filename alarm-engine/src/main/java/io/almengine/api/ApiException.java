package io.almengine.api;

import io.almengine.lifecycle.Refusal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** An answer other than success, with a message that says what to fix and, for input, every problem. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<String> problems;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, List<String> problems) {
        this(status, message, problems, Map.of());
    }

    private ApiException(int status, String message, List<String> problems, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public List<String> problems() {
        return problems;
    }

    /** Headers the answer must carry, such as {@code Allow} on a 405 (RFC 9110 requires it there). */
    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message, List<String> problems) {
        return new ApiException(400, message, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The HTTP answer to the alarm owner's refusal of a command: the one place a refusal becomes a status. */
    public static ApiException refused(Refusal refusal) {
        return new ApiException(status(refusal.reason()), refusal.message());
    }

    static int status(Refusal.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
    }

    /** 405 naming, in {@code Allow}, the methods the path does take. */
    public static ApiException methodNotAllowed(String message, Collection<String> allowed) {
        return new ApiException(405, message, List.of(), Map.of("Allow", String.join(", ", allowed)));
    }
}
