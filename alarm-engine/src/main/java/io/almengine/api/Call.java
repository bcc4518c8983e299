package io.almengine.api;

import io.almengine.auth.Principal;
import java.util.List;
import java.util.Map;

/**
 * One API request as an endpoint sees it: who asked, the path's named parameters (the
 * {@code {serialNo}} of {@code /api/alarms/{serialNo}}), the query parameters and the body
 * (already size-checked).
 */
public record Call(Principal principal, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body) {

    public Call {
        pathParams = Map.copyOf(pathParams);
    }

    /** The path parameter the route's template names {@code name}; a name the template lacks is a programming error. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no path parameter {" + name + "}; it has " + pathParams.keySet());
        }
        return value;
    }
}
