package io.almengine.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files as a browser fetches them: right types, strict headers, nothing else on the classpath. */
class ConsoleFilesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static String base;

    @BeforeAll
    static void serve() throws Exception {
        server = new Server();
        var connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new ConsoleHandler());
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static HttpResponse<String> get(String rawPath) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + rawPath)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootIsTheConsolePageWithAPolicyThatForbidsInlineScript() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
    }

    @Test
    void scriptsAndStylesAreServedWithTheirTypes() throws Exception {
        for (String file : List.of("/app.js", "/i18n.js", "/runbook.js", "/silences.js")) {
            HttpResponse<String> js = get(file);
            assertEquals(200, js.statusCode(), file);
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"), file);
        }
        assertTrue(get("/style.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    }

    @Test
    void aBrowserRevalidatesAFileAndAnUnchangedOneAnswers304WithTheSameHeaders() throws Exception {
        HttpResponse<String> first = get("/app.js");
        assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElse(""));
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag"));
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/app.js"))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertTrue(again.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    }

    @Test
    void nothingOutsideTheConsoleFolderCanBeReached() throws Exception {
        for (String path : List.of("/log4j2.xml", "/../log4j2.xml", "/%2e%2e/log4j2.xml", "/api/openapi.yaml",
                "/console/app.js", "/io/almengine/console/ConsoleHandler.class", "/missing.js", "/app.exe")) {
            int status = get(path).statusCode();
            // Jetty itself refuses a path that climbs out (400); the console finds nothing else (404).
            assertTrue(status == 400 || status == 404, path + " answered " + status);
        }
    }

    @Test
    void onlyReadingIsAllowed() throws Exception {
        var post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
