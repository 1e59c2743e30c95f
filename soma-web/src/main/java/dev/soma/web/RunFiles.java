package dev.soma.web;

import dev.soma.SomaException;
import dev.soma.io.AtomicFile;
import dev.soma.io.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs a directory holds, for {@code soma dashboard DIR}: every {@code *.json} file there that is a dashboard
 * record ({@code soma train --ui --ui-record FILE}) or a {@code soma train --json} report (its per-epoch history and
 * test metrics). Other JSON files are skipped; a file that cannot be read or parsed is a {@link SomaException}
 * naming it.
 */
public final class RunFiles {
    /** The largest file read (records are bounded well below this). */
    static final long MAX_BYTES = 64L << 20;

    private RunFiles() {
    }

    /** The runs of {@code dir} by file name (without .json), in name order. */
    public static Map<String, Map<String, Object>> read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SomaException(dir + ": not a directory (expected the directory a run wrote its files to)");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new SomaException(dir + ": cannot list (" + e.getMessage() + ")");
        }
        files.sort(null);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Path f : files) {
            Map<String, Object> run = read1(f);
            if (run != null) {
                String name = f.getFileName().toString();
                out.put(name.substring(0, name.length() - ".json".length()), run);
            }
        }
        return out;
    }

    private static Map<String, Object> read1(Path f) {
        Object parsed;
        try {
            if (Files.size(f) > MAX_BYTES) {
                throw new SomaException(f + ": " + Files.size(f) + " bytes, more than a run record can be (" + MAX_BYTES + ")");
            }
            parsed = Json.parse(Files.readString(f), f.toString());
        } catch (IOException e) {
            throw new SomaException(f + ": cannot read (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) {
            return null;
        }
        Map<String, Object> m = Json.asObject(parsed, f.toString());
        if (m.containsKey("batches") && m.containsKey("norms")) {
            return m; // a dashboard record
        }
        if (!(m.get("epochs") instanceof List)) {
            return null;
        }
        // a train --json report: its epochs, as a record without batches or norms
        Map<String, Object> r = new LinkedHashMap<>();
        Object model = m.get("model") instanceof Map ? ((Map<?, ?>) m.get("model")).get("architecture") : null;
        r.put("title", m.get("data") + (model == null ? "" : " · " + model));
        r.put("status", "finished");
        r.put("message", "");
        List<Object> epochs = Json.asArray(m.get("epochs"), f + ": epochs");
        r.put("epochs_planned", epochs.size());
        r.put("batches", List.of());
        r.put("norms", Map.of());
        r.put("epochs", epochs);
        r.put("histograms", Map.of());
        r.put("result", m.get("test_accuracy") == null ? null
                : Json.object("test_loss", m.get("test_loss"), "test_accuracy", m.get("test_accuracy")));
        return r;
    }

    /** Writes a record atomically (a temporary file, then renamed: a reader never sees half of it). */
    public static void write(Path file, Map<String, Object> record) {
        AtomicFile.write(file, Json.write(record).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
