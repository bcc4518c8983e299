package io.almengine.api;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Endpoint} for a routed, authenticated request: checks the declared body type,
 * reads a bounded body, collects the path's named parameters from the template Jetty matched, and
 * writes the endpoint's reply (or its refusal) as JSON.
 */
final class EndpointHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointHandler.class);

    private final Endpoint endpoint;
    private final Router.Consumes consumes;
    private final int maxBodyBytes;
    private final Router.Answers answers;

    EndpointHandler(Endpoint endpoint, Router.Consumes consumes, int maxBodyBytes, Router.Answers answers) {
        this.endpoint = endpoint;
        this.consumes = consumes;
        this.maxBodyBytes = maxBodyBytes;
        this.answers = answers;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Reply reply;
        try {
            if (consumes == Router.Consumes.JSON) {
                Router.requireJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            }
            byte[] body = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())
                    ? readBody(request) : new byte[0];
            reply = endpoint.handle(new Call(Authentication.principalOf(request), pathParams(request, path),
                    query(request), body));
        } catch (ApiException e) {
            reply = Router.errorReply(e);
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            reply = Router.errorReply(new ApiException(500, "internal error: " + e.getClass().getSimpleName()));
        }
        answers.answer(request, response, callback, reply);
        return true;
    }

    /** The named segments of the template {@link PathMappingsHandler} matched this request with. */
    private static Map<String, String> pathParams(Request request, String path) {
        Object spec = request.getAttribute(PathMappingsHandler.PATHSPEC_ATTR);
        if (spec instanceof UriTemplatePathSpec template) {
            // Jetty answers null, not an empty map, for a template without variables.
            Map<String, String> params = template.getVariableCount() == 0 ? null : template.getPathParams(path);
            return params == null ? Map.of() : params;
        }
        throw new IllegalStateException("not routed by a URI template: " + (spec == null ? "no path spec"
                : ((PathSpec) spec).getDeclaration()));
    }

    private byte[] readBody(Request request) throws Exception {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > maxBodyBytes) {
                Router.drain(in, answers.discardBudget());
                throw new ApiException(413, "request body of " + declared + " bytes exceeds the limit of "
                        + maxBodyBytes);
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                Router.drain(in, answers.discardBudget());
                throw new ApiException(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
            }
            return body;
        }
    }

    private static Map<String, List<String>> query(Request request) {
        var query = new LinkedHashMap<String, List<String>>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field field : fields) {
            query.put(field.getName(), field.getValues());
        }
        return query;
    }
}
