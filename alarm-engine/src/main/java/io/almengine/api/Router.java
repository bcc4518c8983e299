package io.almengine.api;

import io.almengine.auth.Role;
import io.almengine.auth.TokenStore;
import io.almengine.model.Json;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The API's routes on Jetty's {@link PathMappingsHandler}: one {@link UriTemplatePathSpec} per
 * path ({@code /api/alarms/{serialNo}/ack}), whose handler picks the route by method (405 with
 * {@code Allow} for a known path with another method), checks the token in {@link Authentication}
 * and runs the endpoint ({@link EndpointHandler}). Every answer, errors included, is JSON.
 *
 * <p>Jetty ranks a literal path above a template that matches it too, so {@code GET /api/alarms/ack}
 * is the batch action's 405, not a lookup of serial number "ack".
 */
public final class Router {

    /** What a route's body may be declared as in {@code Content-Type}. */
    public enum Consumes {
        /** Whatever is declared (the endpoint reads JSON and says so when it is not). */
        ANY,
        /** JSON in UTF-8 or nothing declared; anything else is refused with 415 before the body is read. */
        JSON
    }

    private record Route(String method, String path, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final TokenStore tokens;
    private final int maxBodyBytes;
    private final Answers answers;

    public Router(TokenStore tokens, int maxBodyBytes) {
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
        this.answers = new Answers(8L * maxBodyBytes);
    }

    /**
     * Adds a route; {@code path} is a URI template whose {@code {name}} segments become path
     * parameters; {@code requires == null}: no token needed.
     */
    public Router route(String method, String path, Role requires, Endpoint endpoint) {
        return route(method, path, requires, Consumes.ANY, endpoint);
    }

    /** Adds a route whose body must be declared as {@code consumes}. */
    public Router route(String method, String path, Role requires, Consumes consumes, Endpoint endpoint) {
        Handler handler = new EndpointHandler(endpoint, consumes, maxBodyBytes, answers);
        return add(method, path, requires == null ? handler
                : new Authentication(tokens, requires, Authentication.TokenFrom.HEADER, answers, handler));
    }

    /**
     * Adds a route answered by a handler of its own (the event stream), after the same token check;
     * its token may also come as {@code ?access_token=}.
     */
    Router stream(String path, Role requires, Handler handler) {
        return add("GET", path, new Authentication(tokens, requires, Authentication.TokenFrom.HEADER_OR_QUERY, answers,
                handler));
    }

    private Router add(String method, String path, Handler handler) {
        new UriTemplatePathSpec(path); // refuses a malformed template now rather than at start
        routes.add(new Route(method, path, handler));
        return this;
    }

    /** Every route as {@code METHOD path-template}, in the order they were added (the API description is checked against it). */
    public List<String> describe() {
        return routes.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    /**
     * The routes as one Jetty handler: each template with its methods, a JSON 404 for any other
     * path under {@code /api/} (and {@code /api} itself), and {@code elsewhere} for every other path.
     */
    public PathMappingsHandler handler(Handler elsewhere) {
        var byPath = new LinkedHashMap<String, Map<String, Handler>>();
        for (Route route : routes) {
            Map<String, Handler> methods = byPath.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            if (methods.putIfAbsent(route.method(), route.handler()) != null) {
                throw new IllegalStateException("two routes for " + route.method() + " " + route.path());
            }
        }
        var mappings = new WholePathMappings();
        byPath.forEach((path, methods) -> mappings.addMapping(new UriTemplatePathSpec(path), new Methods(path, methods, answers)));
        mappings.addMapping(new ServletPathSpec("/api/*"), new NoApi(answers));
        mappings.addMapping(new ServletPathSpec("/"), elsewhere);
        return mappings;
    }

    /**
     * Jetty's path mappings, keeping the request's path in context whole: Jetty's own request
     * wrapper moves the matched part into the context path (as a servlet mapping would), which
     * leaves a template route no path to take its parameters from and the console's resource
     * handler no path at all. The matched spec stays available as {@link PathMappingsHandler#PATHSPEC_ATTR}.
     */
    private static final class WholePathMappings extends PathMappingsHandler {

        @Override
        protected Request newPathSpecRequest(Request request, PathSpec pathSpec) {
            return new Request.Wrapper(request) {
                @Override
                public Object getAttribute(String name) {
                    return PATHSPEC_ATTR.equals(name) ? pathSpec : super.getAttribute(name);
                }

                @Override
                public java.util.Set<String> getAttributeNameSet() {
                    var names = new java.util.HashSet<>(super.getAttributeNameSet());
                    names.add(PATHSPEC_ATTR);
                    return names;
                }
            };
        }
    }

    /** One path's routes by method; HEAD takes the GET route (RFC 9110: GET without the body). */
    private static final class Methods extends Handler.AbstractContainer {

        private final String path;
        private final Map<String, Handler> byMethod;
        private final Answers answers;

        Methods(String path, Map<String, Handler> byMethod, Answers answers) {
            this.path = path;
            this.answers = answers;
            this.byMethod = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byMethod));
            byMethod.values().forEach(this::installBean);
        }

        @Override
        public List<Handler> getHandlers() {
            return List.copyOf(byMethod.values());
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Handler handler = byMethod.get(isHead(request) ? "GET" : request.getMethod());
            if (handler == null) {
                answers.error(request, response, callback, ApiException.methodNotAllowed(
                        request.getMethod() + " is not allowed on " + Request.getPathInContext(request),
                        byMethod.keySet()));
                return true;
            }
            return handler.handle(request, response, callback);
        }

        @Override
        public String toString() {
            return path + " " + byMethod.keySet();
        }
    }

    /** Any {@code /api/} path no route has. */
    private static final class NoApi extends Handler.Abstract.NonBlocking {

        private final Answers answers;

        NoApi(Answers answers) {
            this.answers = answers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            answers.error(request, response, callback, ApiException.notFound("no API at "
                    + Request.getPathInContext(request)));
            return true;
        }
    }

    /** HEAD is GET without the body (RFC 9110): it takes the GET routes and answers their headers. */
    static boolean isHead(Request request) {
        return "HEAD".equals(request.getMethod());
    }

    /**
     * Refuses a body declared as anything but JSON in UTF-8: a form, plain text or Latin-1 was
     * once read as JSON all the same and accepted. A body declared as nothing is read as the JSON it
     * must be (clients that send bytes without a type are common).
     */
    static void requireJson(String contentType) {
        if (contentType == null) {
            return;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        boolean json = type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                json = charset.equalsIgnoreCase("utf-8");
            }
        }
        if (!json) {
            throw new ApiException(415, "Content-Type must be application/json (in UTF-8), not " + contentType);
        }
    }

    /**
     * Writes replies for a request: without a body for HEAD and, on an error, after dropping what
     * is left of the request's body, up to {@code discardBudget} bytes.
     */
    record Answers(long discardBudget) {

        void error(Request request, Response response, Callback callback, ApiException e) {
            answer(request, response, callback, errorReply(e));
        }

        void answer(Request request, Response response, Callback callback, Reply reply) {
            if (reply.status() >= 400) {
                discardUnreadBody(request);
            }
            write(response, callback, reply, !isHead(request));
        }

        /**
         * An error answered before the body was read (no token, a role too low, an unknown path) left
         * the body's bytes on the connection, and a client reusing it from its pool then read garbage
         * or a reset; reading them first keeps the connection usable. A huge one is cut off after the
         * budget (the connection is closed instead).
         */
        private void discardUnreadBody(Request request) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                drain(in, discardBudget);
            } catch (java.io.IOException | RuntimeException e) {
                // the connection is closed instead; the client opens a new one
            }
        }
    }

    static void drain(InputStream in, long budget) throws java.io.IOException {
        while (budget > 0) {
            long skipped = in.skip(budget);
            if (skipped <= 0 && in.read() < 0) {
                return;
            }
            budget -= Math.max(skipped, 1);
        }
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
        write(response, callback, reply, true);
    }

    /** Writes the reply; without {@code withBody} (HEAD) only its status and headers, the length included. */
    static void write(Response response, Callback callback, Reply reply, boolean withBody) {
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
            if (withBody) {
                Content.copy(Content.Source.from(download.file()), response, callback);
            } else {
                response.write(true, ByteBuffer.allocate(0), callback);
            }
            return;
        }
        if (reply.body() instanceof Streamed streamed) {
            response.setStatus(reply.status());
            reply.headers().forEach(response.getHeaders()::put);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, streamed.contentType());
            if (streamed.fileName() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + streamed.fileName() + "\"");
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (!withBody) {
                response.write(true, ByteBuffer.allocate(0), callback);
                return;
            }
            // Endpoints run on a thread that may block: the body is written as it is produced, chunked.
            try (java.io.OutputStream out = Content.Sink.asOutputStream(response)) {
                streamed.writer().writeTo(out);
            } catch (Exception e) {
                callback.failed(e);
                return;
            }
            callback.succeeded();
            return;
        }
        byte[] bytes;
        try {
            bytes = reply.body() == null ? new byte[0] : Json.API.writeValueAsBytes(reply.body());
        } catch (Exception e) {
            callback.failed(e);
            return;
        }
        response.setStatus(reply.status());
        reply.headers().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, withBody ? ByteBuffer.wrap(bytes) : ByteBuffer.allocate(0), callback);
    }
}
