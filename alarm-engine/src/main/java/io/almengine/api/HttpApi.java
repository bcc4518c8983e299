package io.almengine.api;

import io.almengine.auth.Role;
import io.almengine.auth.TokenAdmin;
import io.almengine.auth.TokenRegistry;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventPublisher;
import io.almengine.view.AlarmView;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Jetty server and the API's routes. */
public final class HttpApi implements AutoCloseable {

    /** What {@code GET /api/health} reports; {@code up} decides 200 or 503. */
    public record Health(boolean up, Map<String, Object> details) {
    }

    private final Server server;
    private final ServerConnector connector;

    public HttpApi(String bind, int port, int maxBodyBytes, TokenRegistry tokens, TokenAdmin tokenAdmin,
                   AlarmView view, EventParser parser, EventPublisher publisher, Supplier<Health> health) {
        var alarms = new AlarmEndpoints(view);
        var events = new EventEndpoint(parser, publisher);
        var tokenEndpoints = new TokenEndpoints(tokenAdmin, tokens);
        var router = new Router(tokens, maxBodyBytes)
                .route("GET", "/api/health", null, call -> {
                    Health h = health.get();
                    return new Reply(h.up() ? 200 : 503, h.details());
                })
                .route("GET", "/api/alarms", Role.VIEWER, alarms::list)
                .route("GET", "/api/alarms/([^/]+)", Role.VIEWER, alarms::get)
                .route("POST", "/api/events", Role.OPERATOR, events::post)
                .route("POST", "/api/tokens", Role.ADMIN, tokenEndpoints::create)
                .route("DELETE", "/api/tokens/([^/]+)", Role.ADMIN, tokenEndpoints::revoke);
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(router);
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
