package io.almengine.api;

import io.almengine.auth.Principal;
import io.almengine.auth.Role;
import io.almengine.auth.TokenRegistry;
import io.almengine.model.Json;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches {@code /api/} requests to endpoints, checks the bearer token against the role each
 * route needs, reads bounded bodies and writes every answer (errors included) as JSON.
 */
public final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** {@code requires == null}: no token needed. */
    private record Route(String method, Pattern path, Role requires, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final TokenRegistry tokens;
    private final int maxBodyBytes;

    public Router(TokenRegistry tokens, int maxBodyBytes) {
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds a route; {@code path} is a regular expression whose groups become path parameters. */
    public Router route(String method, String path, Role requires, Endpoint endpoint) {
        routes.add(new Route(method, Pattern.compile(path), requires, endpoint));
        return this;
    }

    /** Every route as {@code METHOD path-pattern}, in the order they are matched (the API description is checked against it). */
    public List<String> describe() {
        return routes.stream().map(r -> r.method() + " " + r.path().pattern()).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith("/api/")) {
            return false;
        }
        Reply reply;
        try {
            reply = dispatch(request, path);
        } catch (ApiException e) {
            reply = errorReply(e);
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            reply = errorReply(new ApiException(500, "internal error: " + e.getClass().getSimpleName()));
        }
        if (reply.status() >= 400) {
            discardUnreadBody(request);
        }
        write(response, callback, reply);
        return true;
    }

    private Reply dispatch(Request request, String path) throws Exception {
        // A literal path outranks a pattern that happens to match it too: without this, GET
        // /api/alarms/ack reached GET /api/alarms/{serialNo} and answered 400 for serial "ack"
        // instead of saying that the batch action takes POST only.
        Route chosen = null;
        Matcher chosenMatch = null;
        int fewestParams = Integer.MAX_VALUE;
        var allowed = new java.util.LinkedHashSet<String>();
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (m.groupCount() < fewestParams) {
                fewestParams = m.groupCount();
                allowed.clear();
                chosen = null;
            } else if (m.groupCount() > fewestParams) {
                continue;
            }
            allowed.add(route.method());
            if (chosen == null && route.method().equals(request.getMethod())) {
                chosen = route;
                chosenMatch = m;
            }
        }
        if (chosen == null) {
            if (!allowed.isEmpty()) {
                throw ApiException.methodNotAllowed(request.getMethod() + " is not allowed on " + path, allowed);
            }
            throw ApiException.notFound("no API at " + path);
        }
        Principal principal = null;
        if (chosen.requires() != null) {
            principal = authenticate(request);
            if (!principal.role().allows(chosen.requires())) {
                throw new ApiException(403, "token '" + principal.name() + "' has role "
                        + principal.role().wireName() + "; this needs " + chosen.requires().wireName());
            }
        }
        var params = new ArrayList<String>();
        for (int i = 1; i <= chosenMatch.groupCount(); i++) {
            params.add(chosenMatch.group(i));
        }
        byte[] body = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())
                ? readBody(request) : new byte[0];
        return chosen.endpoint().handle(new Call(principal, params, query(request), body));
    }

    private Principal authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "missing 'Authorization: Bearer <token>' header");
        }
        Optional<Principal> principal = tokens.authenticate(header.substring(7).trim());
        return principal.orElseThrow(() -> new ApiException(401, "unknown or revoked token"));
    }

    private byte[] readBody(Request request) throws Exception {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxBodyBytes) {
                drain(in);
                throw new ApiException(413, "request body of " + declared + " bytes exceeds the limit of "
                        + maxBodyBytes);
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                drain(in);
                throw new ApiException(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    /**
     * Reads and drops a moderately oversized body so the client, still sending, gets the 413
     * instead of a reset connection; a huge one is cut off after a bounded amount.
     */
    /**
     * An error answered before the body was read (no token, a role too low, an unknown path) left
     * the body's bytes on the connection, and a client reusing it from its pool then read garbage
     * or a reset; reading them first keeps the connection usable.
     */
    private void discardUnreadBody(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            drain(in);
        } catch (java.io.IOException | RuntimeException e) {
            // the connection is closed instead; the client opens a new one
        }
    }

    private void drain(InputStream in) throws java.io.IOException {
        long budget = 8L * maxBodyBytes;
        while (budget > 0) {
            long skipped = in.skip(budget);
            if (skipped <= 0 && in.read() < 0) {
                return;
            }
            budget -= Math.max(skipped, 1);
        }
    }

    private static Map<String, List<String>> query(Request request) {
        var query = new LinkedHashMap<String, List<String>>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValues());
        }
        return query;
    }

    static Reply errorReply(ApiException e) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", e.status());
        body.put("error", e.getMessage());
        if (!e.problems().isEmpty()) {
            body.put("problems", e.problems());
        }
        return new Reply(e.status(), body, e.headers());
    }

    static void write(Response response, Callback callback, Reply reply) {
        if (reply.body() instanceof Download download) {
            try {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, java.nio.file.Files.size(download.file()));
            } catch (java.io.IOException e) {
                callback.failed(e);
                return;
            }
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, download.contentType());
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + download.fileName() + "\"");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.copy(Content.Source.from(download.file()), response, callback);
            return;
        }
        byte[] bytes;
        try {
            bytes = reply.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(reply.body());
        } catch (Exception e) {
            callback.failed(e);
            return;
        }
        response.setStatus(reply.status());
        reply.headers().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
