package io.almengine.api;

import io.almengine.auth.TokenIssuer;
import io.almengine.auth.TokenStore;
import io.almengine.collect.LogBundles;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventSink;
import io.almengine.notify.NotificationDesk;
import io.almengine.runbook.CheckRunner;
import io.almengine.runbook.RunbookCatalog;
import io.almengine.silence.SilenceAdmin;
import io.almengine.silence.Suppressions;
import io.almengine.view.AlarmView;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the API's endpoints need from the engine around them. The Kafka-bound ones are interfaces
 * ({@link TokenIssuer}, {@link EventSink}, {@link AlarmCommands}), so the HTTP layer runs on port 0
 * without Kafka where Kafka is not the point; the token store and the alarm view hold everything in
 * memory already.
 */
public record ApiParts(
        TokenStore tokens,
        TokenIssuer tokenAdmin,
        AlarmView view,
        DefinitionCatalog catalog,
        EventParser parser,
        EventSink publisher,
        AlarmCommands commands,
        Clock clock,
        int maxBodyBytes,
        Supplier<HttpApi.Health> health,
        RunbookCatalog runbooks,
        CheckRunner checks,
        LogBundles bundles,
        Suppressions suppressions,
        SilenceAdmin silenceAdmin,
        NotificationDesk notifications) {

    /** Without silences or notifications (the HTTP layer's own tests, the API benchmark). */
    public ApiParts(TokenStore tokens, TokenIssuer tokenAdmin, AlarmView view, DefinitionCatalog catalog,
                    EventParser parser, EventSink publisher, AlarmCommands commands, Clock clock, int maxBodyBytes,
                    Supplier<HttpApi.Health> health, RunbookCatalog runbooks, CheckRunner checks, LogBundles bundles) {
        this(tokens, tokenAdmin, view, catalog, parser, publisher, commands, clock, maxBodyBytes, health, runbooks,
                checks, bundles, new Suppressions(), null, NotificationDesk.NONE);
    }
}
