package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import dev.soma.train.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playground's JSON API end to end over loopback HTTP: sessions, commands, training, export. */
class PlaygroundApiTest {
    static PlaygroundServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        server = PlaygroundServer.start(o);
        api = new ApiClient(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void defaultSessionIsTensorFlowPlaygroundsOpeningSetUp() {
        String id = api.session("{}");
        Map<String, Object> f = api.frame(id);
        assertEquals(id, f.get("session"));
        assertEquals("paused", f.get("status"));
        assertEquals(0L, f.get("epoch"));
        assertEquals(List.of(2L, 4L, 2L, 1L), f.get("shape"));
        assertEquals(List.of("x1", "x2"), f.get("features"));
        int grid = ((Number) f.get("grid")).intValue();
        assertEquals(48, grid);
        assertEquals(grid * grid, Base64.getDecoder().decode((String) f.get("output")).length);
        // maps: 2 features + 4 + 2 hidden neurons + 1 output
        assertEquals(9 * grid * grid, Base64.getDecoder().decode((String) f.get("neurons")).length);
        List<Object> weights = Json.asArray(f.get("weights"), "weights");
        assertEquals(3, weights.size());
        assertEquals(8, Json.asArray(Json.asObject(weights.get(0), "w0").get("w"), "w").size()); // [4, 2]
        Map<String, Object> pts = api.get("/api/sessions/" + id + "/points").json();
        assertEquals(3 * 250, Json.asArray(pts.get("train"), "train").size()); // 500 points, 50 % for training
        assertEquals(3 * 250, Json.asArray(pts.get("test"), "test").size());
        api.delete("/api/sessions/" + id);
    }

    @Test
    void playTrainsAndTheLossFalls() {
        String id = api.session("{\"dataset\":\"circles\",\"seed\":3}");
        double before = ApiClient.number(api.frame(id), "trainLoss");
        assertEquals(200, api.post("/api/sessions/" + id + "/play", "").status);
        Map<String, Object> f = waitForEpoch(id, 200);
        api.post("/api/sessions/" + id + "/pause", "");
        double after = ApiClient.number(f, "trainLoss");
        assertTrue(after < before / 4, "train loss " + before + " -> " + after + " after " + f.get("epoch") + " epochs");
        assertTrue(ApiClient.number(f, "testLoss") < before / 4);
        Map<String, Object> paused = api.frame(id);
        long epoch = (Long) paused.get("epoch");
        assertEquals("paused", paused.get("status"));
        assertEquals(epoch, (Long) api.frame(id).get("epoch"));
        api.delete("/api/sessions/" + id);
    }

    static Map<String, Object> waitForEpoch(String id, long epochs) {
        return waitForEpochOn(api, id, epochs);
    }

    static Map<String, Object> waitForEpochOn(ApiClient api, String id, long epochs) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (true) {
                Map<String, Object> f = api.frame(id);
                if ((Long) f.get("epoch") >= epochs) {
                    return f;
                }
                Thread.sleep(20);
            }
        });
    }

    @Test
    void stepTrainsExactlyOneEpochAndTheSameSeedGivesTheSameNumbers() {
        String a = api.session("{\"dataset\":\"xor\",\"seed\":9,\"optimizer\":\"adam\",\"learningRate\":0.01}");
        String b = api.session("{\"dataset\":\"xor\",\"seed\":9,\"optimizer\":\"adam\",\"learningRate\":0.01}");
        for (int i = 0; i < 5; i++) {
            api.post("/api/sessions/" + a + "/step", "");
            api.post("/api/sessions/" + b + "/step", "");
        }
        Map<String, Object> fa = api.frame(a);
        Map<String, Object> fb = api.frame(b);
        assertEquals(5L, fa.get("epoch"));
        assertEquals(fa.get("trainLoss"), fb.get("trainLoss"));
        assertEquals(fa.get("weights"), fb.get("weights"));
        assertEquals(fa.get("output"), fb.get("output"));
        api.post("/api/sessions/" + a + "/reset", "");
        assertEquals(0L, api.frame(a).get("epoch"));
    }

    @Test
    void settingsRoundTripAndRatesChangeWithoutAReset() {
        String id = api.session("{\"dataset\":\"spiral\",\"classes\":3,\"features\":[\"x1\",\"x2\",\"sin_x1\"],"
                + "\"layers\":[6,5,3],\"activations\":[\"relu\",\"tanh\",\"gelu\"],\"optimizer\":\"momentum\","
                + "\"dropout\":0.1,\"regularization\":\"l2\",\"regularizationRate\":0.001,\"noise\":10}");
        Map<String, Object> f = api.frame(id);
        assertEquals(List.of(3L, 6L, 5L, 3L, 3L), f.get("shape"));
        assertEquals("cross_entropy", Json.asObject(f.get("settings"), "settings").get("loss"));
        assertEquals(48 * 48, Base64.getDecoder().decode((String) f.get("outputClass")).length);
        // the settings a frame reports create an identical session (what the page's URL carries)
        String copy = api.session(Json.write(f.get("settings")));
        assertEquals(f.get("settings"), api.frame(copy).get("settings"));
        assertEquals(f.get("weights"), api.frame(copy).get("weights"));
        api.post("/api/sessions/" + id + "/step", "");
        api.post("/api/sessions/" + id + "/settings", "{\"learningRate\":0.1}");
        Map<String, Object> g = api.frame(id);
        assertEquals(1L, g.get("epoch"), "a new learning rate keeps the network");
        api.post("/api/sessions/" + id + "/settings", "{\"layers\":[3]}");
        Map<String, Object> h = api.frame(id);
        assertEquals(0L, h.get("epoch"), "a new architecture resets");
        assertEquals(List.of(3L, 3L, 3L), h.get("shape"));
        assertEquals(List.of("relu"), Json.asObject(h.get("settings"), "s").get("activations"));
    }

    @Test
    void regenerateMovesToTheNextSeed() {
        String id = api.session("{\"seed\":4}");
        Map<String, Object> before = api.get("/api/sessions/" + id + "/points").json();
        api.post("/api/sessions/" + id + "/regenerate", "");
        Map<String, Object> f = api.frame(id);
        assertEquals(5L, Json.asObject(f.get("settings"), "s").get("seed"));
        Map<String, Object> after = api.get("/api/sessions/" + id + "/points").json();
        assertNotEquals(before.get("train"), after.get("train"));
        assertEquals(1L, after.get("dataVersion"));
    }

    @Test
    void editingAWeightChangesThatWeightOnly() {
        String id = api.session("{}");
        Map<String, Object> before = api.frame(id);
        ApiClient.Reply r = api.post("/api/sessions/" + id + "/weight", "{\"layer\":1,\"to\":1,\"from\":3,\"value\":2.5}");
        assertEquals(200, r.status, r.body);
        List<Object> w = Json.asArray(Json.asObject(Json.asArray(r.json().get("weights"), "w").get(1), "l").get("w"), "w");
        assertEquals(2.5, ((Number) w.get(1 * 4 + 3)).doubleValue());
        List<Object> w0 = Json.asArray(Json.asObject(Json.asArray(before.get("weights"), "w").get(1), "l").get("w"), "w");
        for (int i = 0; i < 8; i++) {
            if (i != 7) {
                assertEquals(w0.get(i), w.get(i));
            }
        }
        assertNotEquals(before.get("trainLoss"), r.json().get("trainLoss"));
        r = api.post("/api/sessions/" + id + "/weight", "{\"layer\":0,\"to\":2,\"from\":-1,\"value\":-1}");
        assertEquals(-1.0, ((Number) Json.asArray(Json.asObject(Json.asArray(r.json().get("weights"), "w").get(0), "l")
                .get("b"), "b").get(2)).doubleValue());
    }

    @Test
    void aHugeLearningRatePausesWithAMessageInsteadOfNaN() {
        String id = api.session("{\"dataset\":\"plane\",\"problem\":\"regression\",\"learningRate\":100,"
                + "\"layers\":[8,8],\"activation\":\"relu\"}");
        api.post("/api/sessions/" + id + "/play", "");
        Map<String, Object> f = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (true) {
                Map<String, Object> g = api.frame(id);
                if (g.get("status").equals("diverged")) {
                    return g;
                }
                Thread.sleep(20);
            }
        });
        String msg = (String) f.get("message");
        assertTrue(msg.startsWith("Diverged: "), msg);
        assertTrue(msg.contains("with learning rate 100"), msg);
        assertTrue(f.get("trainLoss") != null, "the restored weights have a finite loss");
        long epoch = (Long) f.get("epoch");
        assertTrue(msg.contains("the weights of epoch " + epoch + " are back"), msg);
    }

    @Test
    void csvUploadTrainsOnTheUsersPoints() {
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 60; i++) {
            double x = -5 + i / 6.0;
            csv.append(x).append(',').append(i % 7 - 3).append(',').append(x > 0 ? 2 : i % 2).append('\n');
        }
        String id = api.session("{}");
        ApiClient.Reply r = api.post("/api/sessions/" + id + "/data", csv.toString(), "text/csv");
        assertEquals(200, r.status, r.body);
        Map<String, Object> s = Json.asObject(r.json().get("settings"), "s");
        assertEquals("csv", s.get("dataset"));
        assertEquals(3L, s.get("classes"));
        assertEquals(List.of(2L, 4L, 2L, 3L), r.json().get("shape"));
        Map<String, Object> pts = api.get("/api/sessions/" + id + "/points").json();
        assertEquals(3 * 60, Json.asArray(pts.get("train"), "t").size() + Json.asArray(pts.get("test"), "t").size());
        api.post("/api/sessions/" + id + "/step", "");
        assertEquals(1L, api.frame(id).get("epoch"));
    }

    @Test
    void exportWritesASomaModelFile(@TempDir Path dir) throws Exception {
        String id = api.session("{\"features\":[\"x1\",\"x2\",\"x1^2\"]}");
        api.post("/api/sessions/" + id + "/step", "");
        java.net.http.HttpResponse<byte[]> r = download(id, "model.safetensors");
        assertEquals(200, r.statusCode());
        Path file = dir.resolve("m.safetensors");
        Files.write(file, r.body());
        SavedModel m = SavedModel.load(file);
        assertEquals("linear:3:4,tanh,linear:4:2,tanh,linear:2:1,sigmoid", m.model().spec());
        assertEquals("x1,x2,x1^2", m.info().extra().get("features"));
        assertEquals(List.of("0", "1"), m.info().classNames());
        // the file's weights are the session's
        Map<String, Object> f = api.frame(id);
        List<Object> w0 = Json.asArray(Json.asObject(Json.asArray(f.get("weights"), "w").get(0), "l").get("w"), "w");
        float[] saved = m.model().stateDict().get("0.weight").toFloatArray();
        for (int i = 0; i < saved.length; i++) {
            assertEquals(((Number) w0.get(i)).floatValue(), saved[i]);
        }
    }

    @Test
    void exportWritesAnOnnxFileThatPredictsLikeTheSession(@TempDir Path dir) throws Exception {
        String id = api.session("{\"features\":[\"x1\",\"x2\",\"x1x2\"],\"layers\":[5,3]}");
        api.post("/api/sessions/" + id + "/step", "");
        java.net.http.HttpResponse<byte[]> onnx = download(id, "model.onnx");
        assertEquals(200, onnx.statusCode());
        assertTrue(onnx.headers().firstValue("Content-Disposition").orElse("").contains("playground.onnx"));
        java.net.http.HttpResponse<byte[]> st = download(id, "model.safetensors");
        Path file = dir.resolve("m.safetensors");
        Files.write(file, st.body());
        SavedModel saved = SavedModel.load(file);
        dev.soma.onnx.ImportedModel back = dev.soma.onnx.Onnx.load(onnx.body(), "playground.onnx");
        assertEquals(saved.model().spec(), back.model().spec());
        assertEquals("x1,x2,x1x2", back.info().extra().get("features"));
        assertEquals(List.of("0", "1"), back.info().classNames());
        dev.soma.tensor.Tensor x = dev.soma.tensor.Tensor.of(new float[] {0.5f, -1f, -0.5f, 2f, 1f, 2f, -3f, 0f, 0f}, 3, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(saved.model().predict(x).toFloatArray(),
                back.model().predict(x).toFloatArray(), 0f);
    }

    /** GET of a session's model file, bounded by a 20 s timeout. */
    private static java.net.http.HttpResponse<byte[]> download(String id, String file) throws Exception {
        return api.http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/api/sessions/" + id + "/" + file))
                .timeout(Duration.ofSeconds(20)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
}
