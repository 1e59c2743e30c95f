package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several sessions at once, the event stream, and sessions whose page went away. */
class PlaygroundSessionsTest {
    static PlaygroundServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        o.streamGraceMillis = 300;
        server = PlaygroundServer.start(o);
        api = new ApiClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionsTrainAtTheSameTimeWithoutMixingState() throws Exception {
        String[] sets = {"{\"dataset\":\"circles\",\"seed\":1}", "{\"dataset\":\"xor\",\"seed\":2,\"layers\":[3]}",
            "{\"dataset\":\"spiral\",\"classes\":4,\"seed\":3}", "{\"dataset\":\"plane\",\"problem\":\"regression\",\"seed\":4}"};
        ExecutorService pool = Executors.newFixedThreadPool(sets.length);
        try {
            List<Future<Map<String, Object>>> runs = new ArrayList<>();
            for (String s : sets) {
                runs.add(pool.submit(() -> {
                    String id = api.session(s);
                    api.post("/api/sessions/" + id + "/play", "");
                    Map<String, Object> f = PlaygroundApiTest.waitForEpochOn(api, id, 30);
                    api.post("/api/sessions/" + id + "/pause", "");
                    f.put("id", id);
                    return f;
                }));
            }
            List<Object> shapes = List.of(List.of(2L, 4L, 2L, 1L), List.of(2L, 3L, 1L), List.of(2L, 4L, 2L, 4L),
                    List.of(2L, 4L, 2L, 1L));
            for (int i = 0; i < sets.length; i++) {
                Map<String, Object> f = runs.get(i).get();
                assertEquals(f.get("id"), f.get("session"));
                assertEquals(shapes.get(i), f.get("shape"));
                Map<String, Object> want = Json.asObject(Json.parse(sets[i]), "s");
                Map<String, Object> got = Json.asObject(f.get("settings"), "settings");
                for (String k : want.keySet()) {
                    assertEquals(want.get(k), got.get(k), k + " of session " + i);
                }
                // trained alone, the same settings give the same numbers for the same epoch
                String alone = api.session(sets[i]);
                long epochs = (Long) api.frame((String) f.get("id")).get("epoch");
                for (long e = 0; e < epochs; e++) {
                    api.post("/api/sessions/" + alone + "/step", "");
                }
                assertEquals(api.frame((String) f.get("id")).get("weights"), api.frame(alone).get("weights"),
                        "session " + i + " after " + epochs + " epochs");
                api.delete("/api/sessions/" + alone);
                api.delete("/api/sessions/" + f.get("id"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theEventStreamSendsFramesAndAClosedStreamFreesTheSession() {
        String id = api.session("{}");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            HttpResponse<InputStream> r = api.http.send(HttpRequest.newBuilder(server.uri().resolve("/api/sessions/" + id + "/events"))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertEquals("text/event-stream;charset=utf-8", r.headers().firstValue("content-type").orElse("").replace(" ", ""));
            api.post("/api/sessions/" + id + "/play", "");
            List<Long> epochs = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while (epochs.size() < 5 && (line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        Map<String, Object> f = Json.asObject(Json.parse(line.substring(6)), "frame");
                        assertEquals(id, f.get("session"));
                        epochs.add((Long) f.get("epoch"));
                    }
                }
            }
            assertEquals(5, epochs.size());
            assertTrue(epochs.get(4) > epochs.get(0), "epochs advance: " + epochs);
            // the stream is closed: within the grace period (300 ms here) the session is stopped and freed
            while (api.get("/api/sessions/" + id + "/frame").status != 404) {
                Thread.sleep(50);
            }
        });
    }

    @Test
    void aSessionNobodyAsksAboutExpires() {
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        o.idleMillis = 1000;
        try (PlaygroundServer idle = PlaygroundServer.start(o)) {
            ApiClient client = new ApiClient(idle.uri());
            String id = client.session("{}");
            assertEquals(200, client.get("/api/sessions/" + id).status);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (idle.hasSession(id)) { // asking through the API would keep it alive
                    Thread.sleep(50);
                }
            });
            assertEquals(404, client.get("/api/sessions/" + id).status);
        }
    }
}
