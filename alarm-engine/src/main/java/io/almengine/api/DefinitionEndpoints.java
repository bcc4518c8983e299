package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.AlarmCode;
import io.almengine.model.Json;
import java.util.LinkedHashMap;
import java.util.List;

/** {@code GET /api/definitions} and {@code GET /api/definitions/{id}}: the alarm types this engine runs. */
final class DefinitionEndpoints {

    /** Durations as their files write them ({@code PT3M}), not as seconds as the wire mapping would. */
    private static final ObjectMapper AS_IN_FILES = Json.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private final DefinitionCatalog catalog;

    DefinitionEndpoints(DefinitionCatalog catalog) {
        this.catalog = catalog;
    }

    Reply list(Call call) {
        if (!call.query().isEmpty()) {
            throw ApiException.badRequest("invalid definitions query", call.query().keySet().stream().sorted()
                    .map(k -> k + ": unknown parameter (this list takes none)").toList());
        }
        List<AlarmDefinition> all = List.copyOf(catalog.all());
        var body = new LinkedHashMap<String, Object>();
        body.put("items", all.stream().map(d -> (JsonNode) AS_IN_FILES.valueToTree(d)).toList());
        body.put("total", all.size());
        return Reply.ok(body);
    }

    Reply get(Call call) {
        String text = call.pathParam("id");
        AlarmCode code = AlarmCode.parse(text).orElseThrow(() -> ApiException.badRequest(
                "alarm id must be a number such as 24003 or ALM-24003, not '" + text + "'", List.of()));
        AlarmDefinition def = catalog.byId(code.id()).orElseThrow(() -> ApiException.notFound("no alarm definition " + code));
        return Reply.ok(AS_IN_FILES.valueToTree(def));
    }
}
