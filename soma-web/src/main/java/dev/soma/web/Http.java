package dev.soma.web;

import dev.soma.SomaException;
import dev.soma.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Reading bounded request bodies and writing JSON answers and one-line JSON errors. */
final class Http {
    /** The largest request body accepted (uploads included): 1 MB. */
    static final int MAX_BODY = 1 << 20;

    private Http() {
    }

    /** The body as UTF-8 text; 413 when it is longer than {@link #MAX_BODY} bytes. */
    static String body(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw new BadRequest(413, "request body of " + declared + " bytes exceeds the limit of " + MAX_BODY + " bytes");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[16384];
        try (InputStream in = Content.Source.asInputStream(request)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > MAX_BODY) {
                    throw new BadRequest(413, "request body exceeds the limit of " + MAX_BODY + " bytes");
                }
                buf.write(chunk, 0, n);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The body as a JSON object (an empty body is an empty object); 400 naming the problem otherwise. */
    static Map<String, Object> jsonBody(Request request) throws IOException {
        String text = body(request);
        if (text.isBlank()) {
            return new java.util.LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = Json.parse(text, "request body");
        } catch (SomaException e) {
            throw new BadRequest("malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new BadRequest("request body: expected a JSON object, found " + Json.describe(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) parsed;
        return m;
    }

    static void json(Response response, Callback callback, int status, Object value) {
        text(response, callback, status, "application/json; charset=utf-8", Json.write(value));
    }

    static void text(Response response, Callback callback, int status, String type, String text) {
        bytes(response, callback, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The one-line error answer: {"error": "..."} with the status. */
    static void error(Response response, Callback callback, int status, String message) {
        String line = message == null ? "error" : message.replace('\n', ' ').replace('\r', ' ');
        json(response, callback, status, Json.object("error", line));
    }
}
