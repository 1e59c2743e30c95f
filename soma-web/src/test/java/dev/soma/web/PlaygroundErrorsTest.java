package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad request gets a 4xx and one line naming the problem, and the server keeps serving: checked after each
 * test by a request that must still succeed.
 */
class PlaygroundErrorsTest {
    static PlaygroundServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        o.maxSessions = 6;
        server = PlaygroundServer.start(o);
        api = new ApiClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServing() {
        assertEquals(200, api.get("/api/options").status);
        assertEquals(200, api.get("/").status);
    }

    static void refused(int status, String message, ApiClient.Reply r) {
        assertEquals(status, r.status, r.body);
        assertEquals(message, r.error());
        assertTrue(!r.body.contains("\n"), "one line: " + r.body);
    }

    @Test
    void outOfRangeSettingsNameTheField() {
        refused(400, "field 'noise': expected an integer in [0, 50], found 70", api.post("/api/sessions", "{\"noise\":70}"));
        refused(400, "field 'trainRatio': expected an integer in [10, 90], found 5", api.post("/api/sessions", "{\"trainRatio\":5}"));
        refused(400, "field 'learningRate': expected a number in (0.000001, 1000], found 0",
                api.post("/api/sessions", "{\"learningRate\":0}"));
        refused(400, "field 'learningRate': expected a number in (0.000001, 1000], found string \"fast\"",
                api.post("/api/sessions", "{\"learningRate\":\"fast\"}"));
        refused(400, "field 'layers': expected an integer in [1, 32], found 40", api.post("/api/sessions", "{\"layers\":[4,40]}"));
        refused(400, "field 'layers': at most 10 hidden layers, found 11",
                api.post("/api/sessions", "{\"layers\":[1,1,1,1,1,1,1,1,1,1,1]}"));
        refused(400, "field 'dataset': expected one of [circles, xor, gaussians, spiral, plane, multigauss, csv], found \"moons\"",
                api.post("/api/sessions", "{\"dataset\":\"moons\"}"));
        refused(400, "field 'features': expected at least one of [x1, x2, x1^2, x2^2, x1x2, sin_x1, sin_x2], found none",
                api.post("/api/sessions", "{\"features\":[]}"));
        refused(400, "field 'classes': data set 'xor' has 2 classes, found 3", api.post("/api/sessions", "{\"dataset\":\"xor\",\"classes\":3}"));
        refused(400, "field 'problem': data set 'plane' is a regression problem, found 'classification'",
                api.post("/api/sessions", "{\"dataset\":\"plane\"}"));
        refused(400, "field 'activations': expected 2 names (one per hidden layer), found 1",
                api.post("/api/sessions", "{\"activations\":[\"relu\"]}"));
        ApiClient.Reply r = api.post("/api/sessions", "{\"activation\":\"wiggle\"}");
        assertEquals(400, r.status);
        assertTrue(r.error().startsWith("field 'activation': unknown activation 'wiggle'"), r.error());
        r = api.post("/api/sessions", "{\"colour\":\"red\"}");
        assertEquals(400, r.status);
        assertTrue(r.error().startsWith("unknown field 'colour'; expected one of [dataset, problem,"), r.error());
        r = api.post("/api/sessions", "{\"schedule\":\"step:x\"}");
        assertEquals(400, r.status);
        assertTrue(r.error().startsWith("field 'schedule': "), r.error());
    }

    @Test
    void malformedJsonIsA400() {
        ApiClient.Reply r = api.post("/api/sessions", "{\"noise\": 10,");
        assertEquals(400, r.status);
        assertTrue(r.error().startsWith("malformed JSON: request body"), r.error());
        refused(400, "request body: expected a JSON object, found an array", api.post("/api/sessions", "[1,2]"));
        String id = api.session("{}");
        r = api.post("/api/sessions/" + id + "/settings", "noise=10");
        assertEquals(400, r.status);
        // the session is unchanged and still works
        assertEquals(200, api.post("/api/sessions/" + id + "/step", "").status);
        api.delete("/api/sessions/" + id);
    }

    @Test
    void unknownSessionsEndpointsAndMethods() {
        refused(404, "no session 'nope' (closed, or expired after its page went away); reload the page",
                api.get("/api/sessions/nope/frame"));
        refused(404, "no API endpoint /api/widgets", api.get("/api/widgets"));
        String id = api.session("{}");
        refused(404, "no API endpoint /api/sessions/" + id + "/jump", api.post("/api/sessions/" + id + "/jump", ""));
        refused(405, "method GET not allowed here; use POST", api.get("/api/sessions/" + id + "/play"));
        refused(405, "method POST not allowed here; use GET", api.post("/api/sessions/" + id + "/points", ""));
        refused(400, "field 'layer': expected an integer in [0, 2], found 5",
                api.post("/api/sessions/" + id + "/weight", "{\"layer\":5,\"to\":0,\"from\":0,\"value\":1}"));
        refused(400, "field 'from': expected an integer in [-1, 1] (-1 for the bias), found 2",
                api.post("/api/sessions/" + id + "/weight", "{\"layer\":0,\"to\":0,\"from\":2,\"value\":1}"));
        refused(400, "field 'value' is missing; expected layer, to, from (-1 for the bias) and value",
                api.post("/api/sessions/" + id + "/weight", "{\"layer\":0,\"to\":0,\"from\":0}"));
        assertEquals(200, api.delete("/api/sessions/" + id).status);
        assertEquals(404, api.get("/api/sessions/" + id).status);
    }

    @Test
    void staticFilesComeOnlyFromTheJar() {
        assertEquals(200, api.get("/static/playground.js").status);
        refused(404, "no file 'nothere.js'", api.get("/static/nothere.js"));
        for (String path : new String[] {"/static/../PlaygroundServer.class", "/static/%2e%2e/PlaygroundServer.class",
            "/static/..%2fPlaygroundServer.class", "/static/sub/x.js", "/static/PlaygroundServer.class",
            "/static/%2fetc%2fpasswd", "/etc/passwd"}) {
            ApiClient.Reply r = api.send(HttpRequest.newBuilder(URI.create(server.uri() + path.substring(1))).GET());
            assertTrue(r.status == 404 || r.status == 400, path + " -> " + r);
            assertTrue(!r.body.contains("class") || r.body.contains("error"), path + " -> " + r.body);
        }
    }

    @Test
    void oversizedBodiesAndUploadsAre413() {
        String id = api.session("{}");
        // a 1.2 MB upload is refused from its declared length, before any body byte is sent
        ApiClient.Reply r = api.postHeadOnly("/api/sessions/" + id + "/data", 1_200_000, "text/csv");
        assertEquals(413, r.status, r.body);
        assertTrue(r.error().contains("exceeds the limit of 1048576 bytes"), r.error());
        assertTrue(r.error().contains("1200000 bytes"), r.error());
        refused(413, "CSV has more than 10000 rows (limit 10000)",
                api.post("/api/sessions/" + id + "/data", "1,2,0\n".repeat(10_001), "text/csv"));
        api.delete("/api/sessions/" + id);
    }

    @Test
    void badCsvFilesSayWhereAndWhat() {
        String id = api.session("{}");
        refused(400, "CSV line 3: expected 3 comma-separated fields (x1, x2, label), found 2",
                api.post("/api/sessions/" + id + "/data", "x1,x2,label\n1,2,0\n3,4\n", "text/csv"));
        refused(400, "CSV line 2: expected numbers, found \"1,two,0\"",
                api.post("/api/sessions/" + id + "/data", "1,2,0\n1,two,0\n", "text/csv"));
        refused(400, "CSV: expected at least 4 data rows (x1, x2, label), found 2",
                api.post("/api/sessions/" + id + "/data", "1,2,0\n1,3,1\n", "text/csv"));
        refused(400, "CSV line 1: field 1 is NaN; expected a finite number",
                api.post("/api/sessions/" + id + "/data", "NaN,2,0\n1,3,1\n", "text/csv"));
        refused(400, "CSV data row 2: label 0.5 is not a class; expected an integer from 0 to 5 (or -1/1)",
                api.post("/api/sessions/" + id + "/data?problem=classification", "1,2,0\n1,3,0.5\n2,2,1\n3,3,1\n", "text/csv"));
        refused(400, "query 'problem': expected classification or regression, found \"maybe\"",
                api.post("/api/sessions/" + id + "/data?problem=maybe", "1,2,0\n", "text/csv"));
        // the session keeps its data
        Map<String, Object> s = api.frame(id);
        assertEquals("circles", ((Map<?, ?>) s.get("settings")).get("dataset"));
        refused(400, "field 'dataset': 'csv' needs an uploaded file first (POST /api/sessions/ID/data)",
                api.post("/api/sessions/" + id + "/settings", "{\"dataset\":\"csv\",\"noise\":20}"));
        assertEquals(s.get("settings"), api.frame(id).get("settings"), "a refused change changes nothing");
        refused(400, "field 'dataset': 'csv' needs an uploaded file: create the session with another data set, then "
                + "POST its CSV to /api/sessions/ID/data", api.post("/api/sessions", "{\"dataset\":\"csv\"}"));
        api.delete("/api/sessions/" + id);
    }

    @Test
    void tooManySessionsIsA429AndClosingOneMakesRoom() {
        int open = server.sessionCount();
        String[] ids = new String[6 - open];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = api.session("{}");
        }
        refused(429, "too many playground sessions open (6 of 6); close a tab or wait for an idle one to expire",
                api.post("/api/sessions", "{}"));
        api.post("/api/sessions/" + ids[0] + "/close", "");
        String again = api.session("{}");
        api.delete("/api/sessions/" + again);
        for (int i = 1; i < ids.length; i++) {
            api.delete("/api/sessions/" + ids[i]);
        }
    }
}
