package dev.soma.web;

import dev.soma.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The training dashboard's routes on the playground's server: the page at {@code /} (the playground moves to
 * {@code /playground}), {@code GET /api/runs} (the runs shown: id, title, status) and {@code GET /api/runs/ID} (a
 * run's whole record, {@link RunRecorder#toJson}). The page polls the record twice a second; the record is bounded
 * in size however long the run, so polling costs the run nothing measurable.
 */
public final class Dashboard implements PlaygroundServer.Routes {
    private final Map<String, Supplier<Map<String, Object>>> runs = new LinkedHashMap<>();
    private final StaticFiles files = new StaticFiles();

    /** Shows a live run. */
    public synchronized Dashboard add(String id, RunRecorder recorder) {
        runs.put(id, recorder::toJson);
        return this;
    }

    /** Shows a finished run's record (read from a file). */
    public synchronized Dashboard add(String id, Map<String, Object> record) {
        runs.put(id, () -> record);
        return this;
    }

    public synchronized int size() {
        return runs.size();
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) throws IOException {
        if (path.equals("/") || path.equals("/dashboard")) {
            get(request);
            files.serve("dashboard.html", response, callback);
            return true;
        }
        if (path.equals("/playground")) {
            get(request);
            files.serve("playground.html", response, callback);
            return true;
        }
        if (path.equals("/api/runs")) {
            get(request);
            List<Object> list = new ArrayList<>();
            synchronized (this) {
                runs.forEach((id, r) -> {
                    Map<String, Object> m = r.get();
                    list.add(Json.object("id", id, "title", m.get("title"), "status", m.get("status")));
                });
            }
            Http.json(response, callback, 200, Json.object("runs", list));
            return true;
        }
        if (path.startsWith("/api/runs/")) {
            get(request);
            String id = path.substring("/api/runs/".length());
            Supplier<Map<String, Object>> r;
            synchronized (this) {
                r = runs.get(id);
            }
            if (r == null) {
                throw new BadRequest(404, "no run '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'; GET /api/runs lists them");
            }
            Http.json(response, callback, 200, r.get());
            return true;
        }
        return false;
    }

    private static void get(Request request) {
        if (!request.getMethod().equals("GET")) {
            throw new BadRequest(405, "method " + request.getMethod() + " not allowed here; use GET");
        }
    }
}
