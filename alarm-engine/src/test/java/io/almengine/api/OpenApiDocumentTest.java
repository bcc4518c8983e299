package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.almengine.auth.TokenRegistry;
import io.almengine.view.AlarmView;
import java.io.InputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every route the server has, and no route it does not have. */
class OpenApiDocumentTest {

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationExists() throws Exception {
        var api = new HttpApi("127.0.0.1", 0, new ApiParts(new TokenRegistry(), null, new AlarmView(), null, null,
                null, null, Clock.systemUTC(), 1024, () -> null, null, null, null),
                new Operations(new Streamed("text/plain", null, out -> { }), () -> null));
        var routes = new TreeSet<String>();
        // Routes are URI templates, so the document's parameter names must be the routes' own.
        routes.addAll(api.routeTable());

        JsonNode doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiEndpoint.RESOURCE)) {
            doc = new YAMLMapper().readTree(in);
        }
        Set<String> described = new TreeSet<>();
        for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = doc.path("paths").path(path).fieldNames(); methods.hasNext(); ) {
                described.add(methods.next().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        assertEquals(routes, described);
    }
}
