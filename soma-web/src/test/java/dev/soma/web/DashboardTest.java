package dev.soma.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.data.DataSources;
import dev.soma.data.DataSplit;
import dev.soma.io.Json;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import dev.soma.train.ClassificationReport;
import dev.soma.train.Evaluation;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training dashboard: what the recorder keeps of a real run, its bounded series, its routes and files. */
class DashboardTest {
    static Map<String, Object> trainedRecord(RunRecorder[] out) {
        DataSplit data = DataSources.open("builtin:spiral", null);
        Sequential model = Mlp.builder().input(2).hidden(16, 8).activation("tanh").output(2).seed(7).build();
        RunRecorder rec = new RunRecorder(model, "spiral", 3);
        new Trainer(new TrainConfig().optimizer("adam").lr(0.01).batchSize(32).epochs(3).seed(7))
                .fit(model, data.train(), data.test(), rec);
        ClassificationReport report = Evaluation.classification(model, data.test());
        rec.finished(report, data.test());
        if (out != null) {
            out[0] = rec;
        }
        return rec.toJson();
    }

    @Test
    void theRecorderKeepsWhatTheDashboardShows() {
        DataSplit data = DataSources.open("builtin:spiral", null);
        Map<String, Object> r = trainedRecord(null);
        int batches = (data.train().size() + 31) / 32;
        assertEquals("finished", r.get("status"));
        assertEquals((long) 3 * batches, ((Number) r.get("step")).longValue());
        assertEquals(3 * batches, Json.asArray(r.get("batches"), "b").size());
        List<Object> epochs = Json.asArray(r.get("epochs"), "e");
        assertEquals(3, epochs.size());
        assertEquals((long) batches, ((Number) Json.asObject(epochs.get(0), "e").get("step")).longValue());
        Map<String, Object> norms = Json.asObject(r.get("norms"), "n");
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"), List.copyOf(norms.keySet()));
        Map<String, Object> first = Json.asObject(Json.asArray(norms.get("0.weight"), "w").get(0), "p");
        assertEquals(1.0, first.get("step"));
        assertTrue((Double) first.get("grad_norm") > 0, "the gradient of the batch just trained: " + first);
        Map<String, Object> hist = Json.asObject(Json.asObject(r.get("histograms"), "h").get("2.weight"), "w");
        int sum = 0;
        for (Object c : Json.asArray(Json.parse(Json.write(hist.get("counts"))), "c")) {
            sum += ((Number) c).intValue();
        }
        assertEquals(16 * 8, sum);
        Map<String, Object> result = Json.asObject(Json.parse(Json.write(r.get("result"))), "result");
        int total = 0;
        for (Object row : Json.asArray(result.get("confusion"), "c")) {
            for (Object v : Json.asArray(row, "row")) {
                total += ((Number) v).intValue();
            }
        }
        assertEquals(data.test().size(), total);
        for (Object o : Json.asArray(result.get("misclassified"), "m")) {
            Map<String, Object> m = Json.asObject(o, "m");
            assertTrue(!m.get("label").equals(m.get("predicted")));
            assertEquals(data.test().label(((Number) m.get("index")).intValue()), ((Number) m.get("label")).intValue());
        }
    }

    @Test
    void seriesStayBoundedAndAverageNeighbours() {
        Series s = new Series(2);
        for (int i = 1; i <= 2500; i++) {
            s.add(i, 10.0 * i);
        }
        assertTrue(s.size() <= Series.CAPACITY, "size " + s.size());
        List<Object> pts = s.toJson("step", "value");
        Map<String, Object> p0 = Json.asObject(pts.get(0), "p");
        assertEquals(2.5, p0.get("step")); // after two halvings the first point averages steps 1..4
        assertEquals(25.0, p0.get("value"));
        Map<String, Object> last = Json.asObject(pts.get(pts.size() - 1), "p");
        assertEquals(2498.5, last.get("step")); // the last complete group of four: 2497..2500
    }

    @Test
    void routesServeThePageTheListAndTheRecord() {
        RunRecorder[] rec = new RunRecorder[1];
        trainedRecord(rec);
        Dashboard d = new Dashboard().add("live", rec[0]);
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.port = 0;
        o.extra = d;
        try (PlaygroundServer server = PlaygroundServer.start(o)) {
            ApiClient api = new ApiClient(server.uri());
            ApiClient.Reply page = api.get("/");
            assertEquals(200, page.status);
            assertTrue(page.body.contains("<title>Soma training dashboard</title>"));
            assertTrue(api.get("/playground").body.contains("<title>Soma Playground</title>"));
            assertEquals("{\"runs\":[{\"id\":\"live\",\"title\":\"spiral\",\"status\":\"finished\"}]}", api.get("/api/runs").body);
            assertEquals(Json.write(rec[0].toJson()), api.get("/api/runs/live").body);
            ApiClient.Reply none = api.get("/api/runs/other");
            assertEquals(404, none.status);
            assertEquals("no run 'other'; GET /api/runs lists them", none.error());
            assertEquals(405, api.post("/api/runs/live", "{}").status);
            assertEquals(201, api.post("/api/sessions", "{}").status, "the playground's API is there too");
        }
    }

    @Test
    void runFilesReadRecordsAndTrainReportsAndNameBrokenFiles(@TempDir Path dir) throws Exception {
        RunRecorder[] rec = new RunRecorder[1];
        trainedRecord(rec);
        RunFiles.write(dir.resolve("a-record.json"), rec[0].toJson());
        Files.writeString(dir.resolve("b-report.json"), "{\"command\":\"train\",\"data\":\"builtin:xor\",\"model\":{"
                + "\"architecture\":\"linear:2:4,tanh,linear:4:2\"},\"epochs\":[{\"epoch\":1,\"train_loss\":0.6}],"
                + "\"test_accuracy\":0.9,\"test_loss\":0.3}");
        Files.writeString(dir.resolve("c-other.json"), "[1, 2, 3]");
        Files.writeString(dir.resolve("notes.txt"), "not a run");
        Map<String, Map<String, Object>> runs = RunFiles.read(dir);
        assertEquals(List.of("a-record", "b-report"), List.copyOf(runs.keySet()));
        assertEquals(Json.write(rec[0].toJson()), Json.write(runs.get("a-record")));
        Map<String, Object> b = runs.get("b-report");
        assertEquals("builtin:xor · linear:2:4,tanh,linear:4:2", b.get("title"));
        assertEquals(1, Json.asArray(b.get("epochs"), "e").size());
        Files.writeString(dir.resolve("d-broken.json"), "{\"epochs\": [");
        SomaException e = assertThrows(SomaException.class, () -> RunFiles.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("d-broken.json").toString()), e.getMessage());
        SomaException notDir = assertThrows(SomaException.class, () -> RunFiles.read(dir.resolve("notes.txt")));
        assertEquals(dir.resolve("notes.txt") + ": not a directory (expected the directory a run wrote its files to)",
                notDir.getMessage());
    }
}
