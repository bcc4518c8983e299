package io.almengine.api;

import io.almengine.auth.Role;
import io.almengine.console.ConsoleHandler;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Jetty server and the API's routes. */
public final class HttpApi implements AutoCloseable {

    /** What {@code GET /api/health} reports; {@code up} decides 200 or 503. */
    public record Health(boolean up, Map<String, Object> details) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final Operations operations;
    private final Handler.Wrapper routes;
    private volatile Router router;

    public HttpApi(String bind, int port, ApiParts parts) {
        this(bind, port, parts, Operations.NONE);
    }

    public HttpApi(String bind, int port, ApiParts parts, Operations operations) {
        this.server = new Server();
        var http = new HttpConfiguration();
        // The Server header named Jetty and its exact version: a lookup key for known flaws, for no one's benefit.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        // Errors Jetty answers itself (a malformed request line, a URI or headers too long) in the API's shape.
        server.setErrorHandler(new JsonErrorHandler());
        this.operations = operations;
        this.router = operationRoutes(routes(parts), operations);
        // Jetty routes: the API's templates, a JSON 404 for the rest of /api/, the console for everything else.
        // In a wrapper that lets a reload put new routes in place while the server runs.
        this.routes = new Handler.Wrapper(true, router.handler(new ConsoleHandler()));
        server.setHandler(routes);
    }

    private static Router routes(ApiParts parts) {
        var alarms = new AlarmEndpoints(parts.view(), parts.catalog(), parts.suppressions(), parts.clock());
        var silences = new SilenceEndpoints(parts.suppressions(), parts.silenceAdmin(), parts.catalog());
        var definitions = new DefinitionEndpoints(parts.catalog());
        var openApi = new OpenApiEndpoint();
        var actions = new AlarmActionEndpoints(parts.view(), parts.commands(), parts.clock());
        var events = new EventEndpoint(parts.parser(), parts.publisher());
        var tokens = new TokenEndpoints(parts.tokenAdmin(), parts.tokens());
        var runbooks = new RunbookEndpoints(parts.view(), parts.runbooks(), parts.commands(), parts.checks(),
                parts.clock());
        var bundles = new LogBundleEndpoints(parts.view(), parts.catalog(), parts.bundles());
        var notifications = new NotificationEndpoints(parts.notifications());
        return new Router(parts.tokens(), parts.maxBodyBytes())
                .route("GET", "/api/health", null, call -> {
                    Health h = parts.health().get();
                    return new Reply(h.up() ? 200 : 503, h.details());
                })
                .stream(AlarmStream.PATH, Role.VIEWER, new AlarmStream(parts.view(), parts.tokens()))
                .route("GET", "/api/openapi.json", Role.VIEWER, openApi::get)
                .route("GET", "/api/session", Role.VIEWER, new SessionEndpoint()::get)
                .route("GET", "/api/alarms", Role.VIEWER, alarms::list)
                .route("GET", "/api/alarms/export", Role.VIEWER, alarms::export)
                .route("POST", "/api/alarms/ack", Role.OPERATOR, actions::ackAll)
                .route("POST", "/api/alarms/unack", Role.OPERATOR, actions::unackAll)
                .route("POST", "/api/alarms/clear", Role.OPERATOR, actions::clearAll)
                .route("GET", "/api/alarms/{serialNo}", Role.VIEWER, alarms::get)
                .route("POST", "/api/alarms/{serialNo}/ack", Role.OPERATOR, actions::ack)
                .route("POST", "/api/alarms/{serialNo}/unack", Role.OPERATOR, actions::unack)
                .route("POST", "/api/alarms/{serialNo}/clear", Role.OPERATOR, actions::clear)
                .route("POST", "/api/alarms/{serialNo}/comments", Role.OPERATOR, actions::comment)
                .route("GET", "/api/alarms/{serialNo}/runbook", Role.VIEWER, runbooks::get)
                .route("POST", "/api/alarms/{serialNo}/runbook/answers", Role.OPERATOR, runbooks::answer)
                .route("POST", "/api/alarms/{serialNo}/runbook/checks/{step}", Role.OPERATOR, runbooks::check)
                .route("POST", "/api/alarms/{serialNo}/log-bundles", Role.OPERATOR, bundles::create)
                .route("GET", "/api/log-bundles/{id}", Role.OPERATOR, bundles::status)
                .route("GET", "/api/log-bundles/{id}/download", Role.OPERATOR, bundles::download)
                .route("GET", "/api/definitions", Role.VIEWER, definitions::list)
                .route("GET", "/api/definitions/{id}", Role.VIEWER, definitions::get)
                .route("POST", "/api/events", Role.OPERATOR, Router.Consumes.JSON, events::post)
                .route("GET", "/api/notifications", Role.VIEWER, notifications::list)
                .route("POST", "/api/receivers/{name}/test", Role.ADMIN, notifications::test)
                .route("POST", "/api/tokens", Role.ADMIN, tokens::create)
                .route("DELETE", "/api/tokens/{name}", Role.ADMIN, tokens::revoke)
                .route("POST", "/api/silences", Role.OPERATOR, Router.Consumes.JSON, silences::create)
                .route("GET", "/api/silences", Role.VIEWER, silences::list)
                .route("GET", "/api/silences/{id}", Role.VIEWER, silences::get)
                .route("DELETE", "/api/silences/{id}", Role.OPERATOR, silences::expire)
                .route("POST", "/api/masks", Role.ADMIN, Router.Consumes.JSON, silences::mask)
                .route("GET", "/api/masks", Role.VIEWER, silences::masks)
                .route("DELETE", "/api/masks/{alarmId}", Role.ADMIN, silences::unmask);
    }

    /** {@code /metrics} and the reload, when the engine provides them. */
    private static Router operationRoutes(Router router, Operations operations) {
        if (operations.metrics() != null) {
            router.route("GET", "/metrics", null, call -> Reply.ok(operations.metrics()));
        }
        if (operations.reload() != null) {
            router.route("POST", "/api/admin/reload", Role.ADMIN, call -> {
                Operations.Outcome outcome = operations.reload().reload();
                return outcome.loaded() ? Reply.ok(Map.of("configHash", outcome.configHash()))
                        : new Reply(422, Map.of("errors", outcome.errors(), "configHash", outcome.configHash()));
            });
        }
        return router;
    }

    /**
     * Serves {@code parts} from now on (after a reload: new definitions, runbooks, parser): requests
     * already running finish on the routes they started on.
     */
    public void reload(ApiParts parts) {
        Router next = operationRoutes(routes(parts), operations);
        // The console's files are found through the thread's context class loader, which a signal
        // handler's thread (SIGHUP) does not have.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(HttpApi.class.getClassLoader());
        try {
            Handler handler = next.handler(new ConsoleHandler());
            // Started before it takes requests: the console's file handler is ready only once started.
            handler.setServer(server);
            handler.start();
            routes.setHandler(handler);
        } catch (Exception e) {
            throw new IllegalStateException("the new routes did not start: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(before);
        }
        router = next;
    }

    /** The routes of the API, as {@code METHOD path-template}. */
    public List<String> routeTable() {
        return router.describe();
    }

    public HttpApi start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
