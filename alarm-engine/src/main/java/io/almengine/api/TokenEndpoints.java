package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.auth.Role;
import io.almengine.auth.TokenIssuer;
import io.almengine.auth.TokenStore;
import io.almengine.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /api/tokens} and {@code DELETE /api/tokens/{name}} (admin only). */
final class TokenEndpoints {

    private final TokenIssuer admin;
    private final TokenStore registry;

    TokenEndpoints(TokenIssuer admin, TokenStore registry) {
        this.admin = admin;
        this.registry = registry;
    }

    Reply create(Call call) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of());
        }
        var problems = new ArrayList<String>();
        String name = body == null ? null : body.path("name").asText(null);
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add("name: required, 1-64 letters, digits, '.', '_' or '-'");
        }
        Role role = null;
        try {
            role = Role.fromWire(body == null ? null : body.path("role").asText(null));
        } catch (IllegalArgumentException e) {
            problems.add("role: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid token request", problems);
        }
        if (registry.knows(name)) {
            throw new ApiException(409, "a token named '" + name + "' exists; revoke it first");
        }
        String token = admin.issue(name, role);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("name", name);
        reply.put("role", role);
        reply.put("token", token);
        return new Reply(201, reply);
    }

    Reply revoke(Call call) {
        String name = call.pathParam("name");
        if (!registry.knows(name)) {
            throw ApiException.notFound("no token named '" + name + "'");
        }
        admin.revoke(name);
        return Reply.ok(Map.of("revoked", name));
    }
}
