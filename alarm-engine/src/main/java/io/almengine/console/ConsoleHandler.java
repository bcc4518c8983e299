package io.almengine.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves the console's files from the classpath folder {@code console/} with Jetty's
 * {@link ResourceHandler}: {@code /} is {@code index.html}; validators ({@code ETag},
 * {@code Last-Modified}) with {@code Cache-Control: no-cache} let a browser revalidate cheaply
 * (304) yet never run a stale script after an upgrade. Only flat file names with a known type are
 * looked up, so no path can reach anything else on the classpath. Every answer forbids inline
 * script, framing and foreign origins: even if data ever reached the page as markup, it could not run.
 */
public final class ConsoleHandler extends Handler.Wrapper {

    static final String FOLDER = "console/";
    private static final Pattern FILE = Pattern.compile("/([a-z0-9][a-z0-9.-]{0,63})");
    /** The only types served, each text type with its charset spelled out: a browser must not guess. */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json; charset=utf-8");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public ConsoleHandler() {
        var files = new ResourceHandler();
        // Bound to the handler's life: a console inside the jar is mounted once and unmounted at stop.
        Resource folder = ResourceFactory.of(files).newClassLoaderResource(FOLDER, false);
        if (folder == null) {
            throw new IllegalStateException(FOLDER + " is missing from the classpath");
        }
        files.setBaseResource(folder);
        files.setDirAllowed(false);
        files.setWelcomeFiles("index.html");
        files.setWelcomeMode(ResourceService.WelcomeMode.SERVE);
        files.setCacheControl("no-cache");
        files.setEtags(true);
        // The resource handler takes its types from its context (it replaces its own at start).
        var context = new ContextHandler(files, "/");
        MimeTypes.Mutable types = context.getMimeTypes();
        TYPES.forEach(types::addMimeMapping);
        setHandler(context);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/")) {
            return false;
        }
        securityHeaders(response);
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return answer(response, callback, 405, "GET only\n");
        }
        if (!"/".equals(path) && !knownFile(path)) {
            return answer(response, callback, 404, "not found\n");
        }
        return super.handle(request, response, callback) || answer(response, callback, 404, "not found\n");
    }

    private static boolean knownFile(String path) {
        var m = FILE.matcher(path);
        return m.matches() && TYPES.containsKey(m.group(1).substring(m.group(1).lastIndexOf('.') + 1));
    }

    private static void securityHeaders(Response response) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        // The stream's URL carries the token; no page of the console may hand it to another site.
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
