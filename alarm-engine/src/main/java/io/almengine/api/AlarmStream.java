package io.almengine.api;

import io.almengine.auth.TokenStore;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.view.AlarmFeed;
import io.almengine.view.AlarmView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * {@code GET /api/stream}: Server-Sent Events, one {@code alarm} event per alarm change and one
 * {@code removed} event when a cleared alarm leaves {@code alm.alarms} after its retention, each with
 * an id; a client that reconnects with {@code Last-Event-ID} gets what it missed, or a {@code reset}
 * event (reload, then follow) when that is no longer known.
 *
 * <p>No thread waits for a client: changes are queued per client and written asynchronously, one
 * write at a time. A client too slow to keep up is disconnected (it reconnects and is told to
 * reload); a client whose token is revoked is disconnected within {@link #CHECK_EVERY}.
 *
 * <p>A browser's {@code EventSource} cannot send headers, so this path (and only this one) also
 * takes the token as {@code ?access_token=} ({@link Authentication.TokenFrom#HEADER_OR_QUERY}).
 */
final class AlarmStream extends Handler.Abstract {

    static final String PATH = "/api/stream";
    /** Changes kept for reconnecting clients: a few minutes of a busy fleet. */
    static final int REPLAY_CAPACITY = 10_000;
    /** Changes queued for one client before it counts as too slow and is disconnected. */
    static final int MAX_QUEUED = 5_000;
    /** How often open streams are checked for revoked tokens: revocation reaches them within this. */
    static final Duration CHECK_EVERY = Duration.ofMillis(250);
    /** A comment line this often keeps the connection (and proxies) from timing out while nothing happens. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** What a browser waits before reconnecting after the connection dropped. */
    static final int RETRY_MS = 2_000;

    private final AlarmView view;
    private final AlarmFeed feed;
    private final TokenStore tokens;
    private final Consumer<Alarm> feeder;
    private final Consumer<Alarm> remover;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    AlarmStream(AlarmView view, TokenStore tokens) {
        this.view = view;
        this.tokens = tokens;
        this.feed = new AlarmFeed(REPLAY_CAPACITY);
        this.feeder = feed::accept;
        this.remover = feed::acceptRemoval;
    }

    @Override
    protected void doStart() throws Exception {
        view.onChange(feeder);
        view.onRemoval(remover);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alarm-stream");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::dropRevoked, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> clients.forEach(c -> c.send(": keep-alive\n\n")),
                KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        view.removeListener(feeder);
        view.removeListener(remover);
        timer.shutdownNow();
        clients.forEach(Client::finish);
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Routed to GET or HEAD /api/stream and authenticated (header or ?access_token=) by the Router.
        Fields query = Request.extractQueryParameters(request);
        String token = Authentication.tokenOf(request);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Proxies such as nginx would otherwise hold events back in their buffers.
        response.getHeaders().put("X-Accel-Buffering", "no");
        if (Router.isHead(request)) {
            // What a GET would start with, without the stream that never ends.
            response.write(true, null, callback);
            return true;
        }

        String lastEventId = Optional.ofNullable(request.getHeaders().get("Last-Event-ID"))
                .orElse(query.getValue("lastEventId"));
        var client = new Client(response, callback, token);
        clients.add(client);
        feed.subscribe(lastEventId, caught -> client.send(opening(caught)), client);
        return true;
    }

    /**
     * What a new subscriber is sent first, as one chunk (a replay of thousands of changes must not
     * count as thousands of queued writes): the reconnect delay, then the missed changes, or a reset,
     * or the id it stands at.
     */
    private String opening(AlarmFeed.Catch caught) {
        var opening = new StringBuilder("retry: ").append(RETRY_MS).append("\n\n");
        if (caught.reset()) {
            opening.append(event(caught.headId(), "reset",
                    "{\"reason\":\"changes since the given Last-Event-ID are not known here; reload the list\"}"));
        } else if (caught.missed().isEmpty()) {
            // Gives the client an id to come back with even if nothing changes before it reconnects.
            opening.append(event(caught.headId(), "ready", "{}"));
        }
        caught.missed().forEach(c -> opening.append(render(c)));
        return opening.toString();
    }

    private void dropRevoked() {
        for (Client c : clients) {
            if (tokens.authenticate(c.token).isEmpty()) {
                c.finish();
            }
        }
    }

    static String event(String id, String name, String data) {
        return "id: " + id + "\nevent: " + name + "\ndata: " + data + "\n\n";
    }

    /** The last change written as an event: every client gets the same text, so it is written once. */
    private record Rendered(long seq, String text) {
    }

    private volatile Rendered lastRendered;

    private String render(AlarmFeed.Change change) {
        Rendered last = lastRendered;
        if (last != null && last.seq() == change.seq()) {
            return last.text();
        }
        String text = alarmEvent(change);
        lastRendered = new Rendered(change.seq(), text);
        return text;
    }

    private static String alarmEvent(AlarmFeed.Change change) {
        var data = new LinkedHashMap<String, Object>();
        String name = "alarm";
        if (change.removal()) {
            // Only what a client needs to drop its row: the alarm is gone and cannot be fetched any more.
            name = "removed";
            data.put("serialNo", change.alarm().serialNo());
            data.put("alarmId", change.alarm().alarmId());
        } else {
            data.put("change", change.change());
            data.put("alarm", AlarmEndpoints.summary(change.alarm()));
        }
        try {
            // JSON never holds a raw line break, so one data line carries the whole event.
            return event(change.id(), name, Json.API.writeValueAsString(data));
        } catch (Exception e) {
            throw new IllegalStateException("alarm " + change.alarm().serialNo() + " cannot be written", e);
        }
    }

    /**
     * One open stream: what is still to be written, written one chunk at a time (everything queued
     * so far in one write). Completes the request's callback when the stream ends for any reason.
     */
    private final class Client extends IteratingCallback implements Consumer<AlarmFeed.Change> {

        private final Response response;
        private final Callback callback;
        private final String token;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean finishing;
        private boolean lastWritten;

        Client(Response response, Callback callback, String token) {
            this.response = response;
            this.callback = callback;
            this.token = token;
        }

        @Override
        public void accept(AlarmFeed.Change change) {
            send(render(change));
        }

        void send(String text) {
            boolean tooSlow;
            synchronized (this) {
                if (finishing) {
                    return;
                }
                queue.add(text);
                tooSlow = queue.size() > MAX_QUEUED;
            }
            if (tooSlow) {
                abort(new EofException("client too slow: more than " + MAX_QUEUED + " events waiting"));
                return;
            }
            iterate();
        }

        /** Ends the stream after what is queued; the client may reconnect (and is then checked again). */
        void finish() {
            synchronized (this) {
                finishing = true;
            }
            iterate();
        }

        @Override
        protected Action process() {
            String chunk;
            boolean last;
            synchronized (this) {
                if (lastWritten) {
                    return Action.SUCCEEDED;
                }
                if (queue.isEmpty() && !finishing) {
                    return Action.IDLE;
                }
                chunk = String.join("", queue);
                queue.clear();
                last = finishing;
                lastWritten = last;
            }
            response.write(last, ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleted(Throwable failure) {
            feed.unsubscribe(this);
            clients.remove(this);
            if (failure == null) {
                callback.succeeded();
            } else {
                callback.failed(failure);
            }
        }
    }
}
