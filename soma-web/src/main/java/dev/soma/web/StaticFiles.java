package dev.soma.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The page's files, read from this jar's resources ({@code dev/soma/web/static/}) and nowhere else: a name is one
 * path segment of letters, digits, '.', '-' and '_' with a known extension, so no request can reach another file.
 */
final class StaticFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*\\.(html|js|css|png|svg|ico)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "ico", "image/x-icon");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Serves {@code name}, or answers 404. */
    void serve(String name, Response response, Callback callback) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new BadRequest(404, "no file '" + shorten(name) + "'");
        }
        byte[] body = cache.get(name);
        if (body == null) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new BadRequest(404, "no file '" + name + "'");
                }
                body = in.readAllBytes();
            }
            cache.put(name, body);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        Http.bytes(response, callback, 200, TYPES.get(ext), body);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
