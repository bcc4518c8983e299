package io.almengine.api;

import io.almengine.auth.TokenAdmin;
import io.almengine.auth.TokenRegistry;
import io.almengine.collect.LogBundles;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventPublisher;
import io.almengine.runbook.CheckRunner;
import io.almengine.runbook.RunbookCatalog;
import io.almengine.view.AlarmView;
import java.time.Clock;
import java.util.function.Supplier;

/** What the API's endpoints need from the engine around them. */
public record ApiParts(
        TokenRegistry tokens,
        TokenAdmin tokenAdmin,
        AlarmView view,
        DefinitionCatalog catalog,
        EventParser parser,
        EventPublisher publisher,
        CommandGateway commands,
        Clock clock,
        int maxBodyBytes,
        Supplier<HttpApi.Health> health,
        RunbookCatalog runbooks,
        CheckRunner checks,
        LogBundles bundles) {
}
