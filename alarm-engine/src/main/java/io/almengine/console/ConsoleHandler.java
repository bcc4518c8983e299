package io.almengine.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the console's files from the classpath folder {@code console/}: {@code /} is
 * {@code index.html}. Only flat file names with a known type are looked up, so no path can reach
 * anything else on the classpath. Every answer forbids inline script, framing and foreign
 * origins: even if data ever reached the page as markup, it could not run.
 */
public final class ConsoleHandler extends Handler.Abstract {

    static final String FOLDER = "console/";
    private static final Pattern FILE = Pattern.compile("/([a-z0-9][a-z0-9.-]{0,63})");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json; charset=utf-8");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Files as read once: they ship inside the jar and do not change while it runs. Misses are not kept. */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/")) {
            return false;
        }
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return answer(response, callback, 405, "text/plain; charset=utf-8", bytes("GET only\n"), true);
        }
        String name = "/".equals(path) ? "index.html" : null;
        var m = FILE.matcher(path);
        if (name == null && m.matches()) {
            name = m.group(1);
        }
        String type = name == null ? null : TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        byte[] content = type == null ? null : cache.computeIfAbsent(name, ConsoleHandler::load);
        if (content == null) {
            return answer(response, callback, 404, "text/plain; charset=utf-8", bytes("not found\n"), true);
        }
        return answer(response, callback, 200, type, content, !"HEAD".equals(method));
    }

    private static boolean answer(Response response, Callback callback, int status, String type, byte[] body,
                                  boolean withBody) {
        response.setStatus(status);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, type);
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        // The stream's URL carries the token; no page of the console may hand it to another site.
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, withBody ? ByteBuffer.wrap(body) : ByteBuffer.allocate(0), callback);
        return true;
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name, e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
