package dev.soma.web;

import dev.soma.io.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small client of the playground's JSON API for the tests (every call bounded by a 20 s timeout). */
final class ApiClient {
    /** A response: status and body. */
    static final class Reply {
        final int status;
        final String body;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        Map<String, Object> json() {
            return Json.asObject(Json.parse(body), "reply");
        }

        String error() {
            return (String) json().get("error");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(URI base) {
        this.base = base;
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply post(String path, String body) {
        return post(path, body, "application/json");
    }

    Reply post(String path, String body, String type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A POST that waits for the server's go-ahead (Expect: 100-continue) before sending its body, as clients do for
     * large uploads: a server that refuses the declared size answers without the body ever crossing the wire.
     */
    Reply postExpectingContinue(String path, String body, String type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", type).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates a session with the given settings (a JSON object) and returns its id. */
    String session(String settings) {
        Reply r = post("/api/sessions", settings);
        if (r.status != 201) {
            throw new AssertionError("session not created: " + r);
        }
        return (String) r.json().get("id");
    }

    Map<String, Object> frame(String id) {
        Reply r = get("/api/sessions/" + id + "/frame");
        if (r.status != 200) {
            throw new AssertionError("no frame: " + r);
        }
        return r.json();
    }

    static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
