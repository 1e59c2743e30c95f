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
     * Sends only the head of a POST that declares a {@code declaredLength}-byte body, over a plain socket, and reads
     * the answer: a server that refuses the declared size must answer before any body byte arrives. The socket reads
     * time out after 20 s, so a server that waits for the body fails the test instead of hanging it.
     */
    Reply postHeadOnly(String path, long declaredLength, String type) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: " + type + "\r\nContent-Length: " + declaredLength
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int bodyStart = answer.indexOf("\r\n\r\n");
            String body = bodyStart < 0 ? "" : answer.substring(bodyStart + 4);
            if (answer.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Reply(status, body.strip());
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
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
