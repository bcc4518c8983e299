package io.almengine.api;

import io.almengine.auth.Principal;
import java.util.List;
import java.util.Map;

/**
 * One API request as an endpoint sees it: who asked, the path's captured parts, the query
 * parameters and the body (already size-checked).
 */
public record Call(Principal principal, List<String> pathParams, Map<String, List<String>> query, byte[] body) {

    public String pathParam(int index) {
        return pathParams.get(index);
    }
}
