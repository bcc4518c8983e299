package io.almengine.api;

import java.util.LinkedHashMap;

/** {@code GET /api/session}: who the token belongs to, so a console shows only the actions its role allows. */
final class SessionEndpoint {

    Reply get(Call call) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", call.principal().name());
        body.put("role", call.principal().role());
        return Reply.ok(body);
    }
}
