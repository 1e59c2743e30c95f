package dev.soma.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.io.Json;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** soma playground, soma dashboard and soma train --ui: their wiring and their one-line errors. */
class WebCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainWithTheDashboardRecordsTheRun() {
        Path model = dir.resolve("c.safetensors");
        Path record = dir.resolve("run.json");
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Cli.run("train", "--data", "builtin:circles",
                "--hidden", "8", "--epochs", "2", "--batch", "16", "--seed", "3", "--out", model.toString(), "--ui",
                "--ui-port", "0", "--ui-record", record.toString()));
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.matches("(?s).*dashboard at http://127\\.0\\.0\\.1:\\d+/\\n.*"), r.out);
        assertTrue(r.out.contains("wrote " + record), r.out);
        Map<String, Object> rec = Json.asObject(Json.parse(readString(record)), "record");
        assertEquals("finished", rec.get("status"));
        assertEquals(2, Json.asArray(rec.get("epochs"), "epochs").size());
        Map<String, Object> result = Json.asObject(rec.get("result"), "result");
        assertEquals(List.of("0", "1"), result.get("classes"));
        assertEquals(2, Json.asArray(result.get("confusion"), "confusion").size());
    }

    @Test
    void dashboardRefusesADirectoryWithoutRuns() throws Exception {
        Files.writeString(dir.resolve("notes.json"), "{\"hello\": 1}");
        Cli r = Cli.run("dashboard", dir.toString());
        assertEquals(2, r.code, r.toString());
        assertEquals("soma: error: " + dir + ": no run records (*.json written by 'soma train --json' or '--ui-record')\n",
                r.errLines());
        Cli f = Cli.run("dashboard", dir.resolve("notes.json").toString());
        assertEquals(2, f.code);
        assertTrue(f.errLines().startsWith("soma: error: " + dir.resolve("notes.json") + ": not a directory"), f.err);
    }

    @Test
    void playgroundRefusesABadOrBusyPort() throws Exception {
        Cli r = Cli.run("playground", "--port", "70000");
        assertEquals(2, r.code);
        assertEquals("soma: error: --port: expected 0 to 65535, found 70000\n", r.errLines());
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            Cli b = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("playground", "--port", Integer.toString(port)));
            assertEquals(2, b.code, b.toString());
            assertTrue(b.errLines().startsWith("soma: error: cannot listen on 127.0.0.1:" + port + " ("), b.err);
            assertTrue(b.errLines().endsWith("); is another server running there? pass --port\n"), b.err);
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
