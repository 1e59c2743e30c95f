package dev.soma.cli;

import dev.soma.SomaException;
import dev.soma.io.AtomicFile;
import dev.soma.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code --json FILE} reports: one JSON object, indented, written atomically (io.Json, io.AtomicFile).
 * NaN and infinite numbers (a dev loss without a dev set, an accuracy in regression) become null.
 */
final class JsonOutput {
    private JsonOutput() {
    }

    /** Writes {@code report} as JSON text followed by a newline. */
    static void write(Path file, Map<String, ?> report) {
        try {
            AtomicFile.write(file, (toJson(report) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (SomaException e) {
            throw new UsageException("--json " + file + ": cannot write: " + e.getMessage());
        }
    }

    /** Indented JSON text of a report. */
    static String toJson(Object value) {
        return Json.write(finite(value), true);
    }

    /** The value with non-finite numbers replaced by null, recursively. */
    static Object finite(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? v : null;
        }
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.put(e.getKey(), finite(e.getValue()));
            }
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object o : (List<?>) v) {
                l.add(finite(o));
            }
            return l;
        }
        if (v instanceof double[]) {
            List<Object> l = new ArrayList<>();
            for (double d : (double[]) v) {
                l.add(finite(d));
            }
            return l;
        }
        return v;
    }
}
