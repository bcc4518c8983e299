package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the API described in OpenAPI 3. Kept as YAML next to the code
 * (readable in review) and served as JSON; read once when the API starts.
 */
final class OpenApiEndpoint {

    static final String RESOURCE = "api/openapi.yaml";

    private final JsonNode document;

    OpenApiEndpoint() {
        try (InputStream in = OpenApiEndpoint.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            document = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    Reply get(Call call) {
        return Reply.ok(document);
    }
}
