package dev.soma.web;

import dev.soma.io.Json;
import dev.soma.kernel.Activation;
import dev.soma.optim.Optimizers;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The playground's JSON API under /api (docs/PLAYGROUND.md): sessions, their commands, data, frames, event stream
 * and model export. Every failure is answered with a 4xx and one line {"error": …}; nothing a request sends can stop
 * the server.
 */
final class PlaygroundApi {
    private final Sessions sessions;
    private final EventStream events;

    PlaygroundApi(Sessions sessions) {
        this.sessions = sessions;
        this.events = new EventStream(sessions);
    }

    /** Handles a request whose path starts with /api/; the callback is always completed. */
    void handle(String path, Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        String[] p = path.substring("/api/".length()).split("/", -1);
        if (p.length == 1 && p[0].equals("options")) {
            only(method, "GET");
            Http.json(response, callback, 200, options());
            return;
        }
        if (!p[0].equals("sessions")) {
            throw new BadRequest(404, "no API endpoint " + path);
        }
        if (p.length == 1) {
            only(method, "POST");
            PlaygroundSettings s = PlaygroundSettings.parse(Http.jsonBody(request), new PlaygroundSettings());
            if (s.dataset.equals("csv")) {
                throw new BadRequest("field 'dataset': 'csv' needs an uploaded file: create the session with another "
                        + "data set, then POST its CSV to /api/sessions/ID/data");
            }
            Session session = sessions.create(s);
            Http.json(response, callback, 201, Json.object("id", session.id, "settings", session.settings().toJson()));
            return;
        }
        Session s = sessions.get(p[1]);
        String action = p.length == 2 ? "" : p[2];
        if (p.length > 3) {
            throw new BadRequest(404, "no API endpoint " + path);
        }
        switch (action) {
            case "":
                if (method.equals("DELETE")) {
                    sessions.close(s.id);
                    Http.json(response, callback, 200, Json.object("closed", s.id));
                    return;
                }
                only(method, "GET");
                Http.text(response, callback, 200, "application/json; charset=utf-8", s.hub.latest());
                return;
            case "close":
                only(method, "POST"); // what the page's beacon sends when it goes away
                sessions.close(s.id);
                Http.json(response, callback, 200, Json.object("closed", s.id));
                return;
            case "frame":
                only(method, "GET");
                Http.text(response, callback, 200, "application/json; charset=utf-8", s.hub.latest());
                return;
            case "events":
                only(method, "GET");
                events.stream(s, response, callback);
                return;
            case "points":
                only(method, "GET");
                Http.json(response, callback, 200, s.pointsJson());
                return;
            case "model.safetensors":
                only(method, "GET");
                byte[] file = ModelExport.safetensors(s.export());
                response.getHeaders().put("Content-Disposition", "attachment; filename=\"playground.safetensors\"");
                Http.bytes(response, callback, 200, "application/octet-stream", file);
                return;
            case "model.onnx":
                only(method, "GET");
                byte[] onnx = ModelExport.onnx(s.export());
                response.getHeaders().put("Content-Disposition", "attachment; filename=\"playground.onnx\"");
                Http.bytes(response, callback, 200, "application/octet-stream", onnx);
                return;
            case "settings":
                only(method, "POST");
                s.apply(PlaygroundSettings.parse(Http.jsonBody(request), s.settings()));
                break;
            case "play":
                only(method, "POST");
                sessions.play(s);
                break;
            case "pause":
                only(method, "POST");
                s.pause();
                break;
            case "step":
                only(method, "POST");
                s.step();
                break;
            case "reset":
                only(method, "POST");
                s.reset();
                break;
            case "regenerate":
                only(method, "POST");
                s.regenerate();
                break;
            case "weight":
                only(method, "POST");
                editWeight(s, Http.jsonBody(request));
                break;
            case "data":
                only(method, "POST");
                String problem = request.getHttpURI().getQuery() == null ? null
                        : org.eclipse.jetty.server.Request.extractQueryParameters(request).getValue("problem");
                if (problem != null && !problem.equals("classification") && !problem.equals("regression")) {
                    throw new BadRequest("query 'problem': expected classification or regression, found \"" + problem + "\"");
                }
                s.upload(CsvUpload.parse(Http.body(request), problem));
                break;
            default:
                throw new BadRequest(404, "no API endpoint " + path);
        }
        Http.text(response, callback, 200, "application/json; charset=utf-8", s.hub.latest());
    }

    private static void editWeight(Session s, Map<String, Object> body) {
        for (String k : body.keySet()) {
            if (!List.of("layer", "to", "from", "value").contains(k)) {
                throw new BadRequest("unknown field '" + k + "'; expected layer, to, from, value");
            }
        }
        for (String k : List.of("layer", "to", "from", "value")) {
            if (!body.containsKey(k)) {
                throw new BadRequest("field '" + k + "' is missing; expected layer, to, from (-1 for the bias) and value");
            }
        }
        int layer = Fields.integer("layer", body.get("layer"), 0, PlaygroundSettings.MAX_LAYERS);
        int to = Fields.integer("to", body.get("to"), 0, PlaygroundSettings.MAX_NEURONS);
        int from = Fields.integer("from", body.get("from"), -1, PlaygroundSettings.MAX_NEURONS);
        double value = Fields.number("value", body.get("value"), -100, 100, true);
        s.setWeight(layer, to, from, value);
    }

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new BadRequest(405, "method " + method + " not allowed here; use " + allowed);
        }
    }

    private static Map<String, Object> options() {
        return Json.object("defaults", new PlaygroundSettings().toJson(),
                "datasets", PlaygroundSettings.DATASETS,
                "features", PlaygroundSettings.FEATURES,
                "activations", PlaygroundSettings.ACTIVATIONS,
                "allActivations", Activation.NAMES,
                "optimizers", Optimizers.NAMES,
                "maxLayers", PlaygroundSettings.MAX_LAYERS,
                "maxNeurons", PlaygroundSettings.MAX_NEURONS,
                "maxPoints", PlaygroundSettings.MAX_POINTS,
                "maxBody", Http.MAX_BODY,
                "grid", Frames.GRID);
    }
}
