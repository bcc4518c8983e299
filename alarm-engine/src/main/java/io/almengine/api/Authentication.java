package io.almengine.api;

import io.almengine.auth.Principal;
import io.almengine.auth.Role;
import io.almengine.auth.TokenStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one place an {@code /api/} call is authenticated: resolves the bearer token, answers 401
 * when there is none or it is unknown and 403 when its role is below what the route requires, and
 * hands the principal (and the token, for the stream's revocation checks) to the handler it wraps.
 * Each route that needs a role is wrapped in one of these by {@link Router}.
 */
final class Authentication extends Handler.Wrapper {

    /** Where a route takes its token from. */
    enum TokenFrom {
        /** {@code Authorization: Bearer <token>} only. */
        HEADER,
        /**
         * The header or {@code ?access_token=}: a browser's {@code EventSource} cannot send headers, so
         * the event stream (and only it) accepts the token in its URL.
         */
        HEADER_OR_QUERY
    }

    private static final String PRINCIPAL = Authentication.class.getName() + ".principal";
    private static final String TOKEN = Authentication.class.getName() + ".token";

    private final TokenStore tokens;
    private final Role requires;
    private final TokenFrom from;
    private final Router.Answers answers;

    Authentication(TokenStore tokens, Role requires, TokenFrom from, Router.Answers answers, Handler next) {
        super(next);
        this.answers = answers;
        this.tokens = tokens;
        this.requires = requires;
        this.from = from;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Principal principal;
        String token;
        try {
            token = token(request);
            principal = tokens.authenticate(token).orElseThrow(() -> new ApiException(401, "unknown or revoked token"));
            if (!principal.role().allows(requires)) {
                throw new ApiException(403, "token '" + principal.name() + "' has role "
                        + principal.role().wireName() + "; this needs " + requires.wireName());
            }
        } catch (ApiException e) {
            answers.error(request, response, callback, e);
            return true;
        }
        request.setAttribute(PRINCIPAL, principal);
        request.setAttribute(TOKEN, token);
        return super.handle(request, response, callback);
    }

    private String token(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (from == TokenFrom.HEADER_OR_QUERY) {
            String param = Request.extractQueryParameters(request).getValue("access_token");
            if (param != null && !param.isBlank()) {
                return param;
            }
            throw new ApiException(401, "missing 'Authorization: Bearer <token>' header (or ?access_token= on "
                    + Request.getPathInContext(request) + ")");
        }
        throw new ApiException(401, "missing 'Authorization: Bearer <token>' header");
    }

    /** Who made the call; {@code null} on a route that needs no token. */
    static Principal principalOf(Request request) {
        return (Principal) request.getAttribute(PRINCIPAL);
    }

    /** The token the call was authenticated with; {@code null} on a route that needs no token. */
    static String tokenOf(Request request) {
        return (String) request.getAttribute(TOKEN);
    }
}
