package io.almengine.api;

import io.almengine.auth.Role;
import io.almengine.console.ConsoleHandler;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Jetty server and the API's routes. */
public final class HttpApi implements AutoCloseable {

    /** What {@code GET /api/health} reports; {@code up} decides 200 or 503. */
    public record Health(boolean up, Map<String, Object> details) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final Router router;

    public HttpApi(String bind, int port, ApiParts parts) {
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        this.router = routes(parts);
        // The stream answers /api/stream itself; the router the rest of /api/; the console everything else.
        server.setHandler(new Handler.Sequence(new AlarmStream(parts.view(), parts.tokens()), router,
                new ConsoleHandler()));
    }

    private static Router routes(ApiParts parts) {
        var alarms = new AlarmEndpoints(parts.view(), parts.catalog());
        var definitions = new DefinitionEndpoints(parts.catalog());
        var openApi = new OpenApiEndpoint();
        var actions = new AlarmActionEndpoints(parts.view(), parts.commands(), parts.clock());
        var events = new EventEndpoint(parts.parser(), parts.publisher());
        var tokens = new TokenEndpoints(parts.tokenAdmin(), parts.tokens());
        var runbooks = new RunbookEndpoints(parts.view(), parts.runbooks(), parts.commands(), parts.checks(),
                parts.clock());
        var bundles = new LogBundleEndpoints(parts.view(), parts.catalog(), parts.bundles());
        return new Router(parts.tokens(), parts.maxBodyBytes())
                .route("GET", "/api/health", null, call -> {
                    Health h = parts.health().get();
                    return new Reply(h.up() ? 200 : 503, h.details());
                })
                .route("GET", "/api/openapi.json", Role.VIEWER, openApi::get)
                .route("GET", "/api/session", Role.VIEWER, new SessionEndpoint()::get)
                .route("GET", "/api/alarms", Role.VIEWER, alarms::list)
                .route("POST", "/api/alarms/ack", Role.OPERATOR, actions::ackAll)
                .route("POST", "/api/alarms/unack", Role.OPERATOR, actions::unackAll)
                .route("POST", "/api/alarms/clear", Role.OPERATOR, actions::clearAll)
                .route("GET", "/api/alarms/([^/]+)", Role.VIEWER, alarms::get)
                .route("POST", "/api/alarms/([^/]+)/ack", Role.OPERATOR, actions::ack)
                .route("POST", "/api/alarms/([^/]+)/unack", Role.OPERATOR, actions::unack)
                .route("POST", "/api/alarms/([^/]+)/clear", Role.OPERATOR, actions::clear)
                .route("POST", "/api/alarms/([^/]+)/comments", Role.OPERATOR, actions::comment)
                .route("GET", "/api/alarms/([^/]+)/runbook", Role.VIEWER, runbooks::get)
                .route("POST", "/api/alarms/([^/]+)/runbook/answers", Role.OPERATOR, runbooks::answer)
                .route("POST", "/api/alarms/([^/]+)/runbook/checks/([^/]+)", Role.OPERATOR, runbooks::check)
                .route("POST", "/api/alarms/([^/]+)/log-bundles", Role.OPERATOR, bundles::create)
                .route("GET", "/api/log-bundles/([^/]+)", Role.OPERATOR, bundles::status)
                .route("GET", "/api/log-bundles/([^/]+)/download", Role.OPERATOR, bundles::download)
                .route("GET", "/api/definitions", Role.VIEWER, definitions::list)
                .route("GET", "/api/definitions/([^/]+)", Role.VIEWER, definitions::get)
                .route("POST", "/api/events", Role.OPERATOR, events::post)
                .route("POST", "/api/tokens", Role.ADMIN, tokens::create)
                .route("DELETE", "/api/tokens/([^/]+)", Role.ADMIN, tokens::revoke);
    }

    /** The routes of the REST API (all but {@code /api/stream}), as {@code METHOD path-pattern}. */
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
