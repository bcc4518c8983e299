package io.almengine.api;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before any handler runs (a malformed request line: 400, a URI
 * too long: 414, headers too large: 431) as every other API error, {@code {"status","error"}},
 * instead of Jetty's HTML page naming Jetty.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String reason = HttpStatus.getMessage(code);
        // Without a message of its own Jetty passes the exception's toString(), which names its classes.
        boolean own = message != null && !message.isBlank() && !message.equals(reason)
                && (cause == null || !message.equals(cause.toString()));
        String error = own ? reason + ": " + message : reason;
        Router.write(response, callback, Router.errorReply(new ApiException(code, error)), !Router.isHead(request));
    }
}
