package dev.soma.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A session's frames as Server-Sent Events ({@code event: frame}, one JSON object per event), the newest frame
 * whenever one is published, and a comment line every second otherwise. A failed write means the page went away:
 * the stream ends and the session's reaper frees it. The stream also ends when the session closes.
 */
final class EventStream {
    static final long KEEPALIVE_MILLIS = 1000;

    private final Sessions sessions;

    EventStream(Sessions sessions) {
        this.sessions = sessions;
    }

    void stream(Session s, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        s.streamOpened();
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            long seen = -1;
            long[] version = new long[1];
            while (!s.isClosed()) {
                String frame = s.hub.await(seen, KEEPALIVE_MILLIS, version);
                if (frame != null) {
                    seen = version[0];
                    out.write(("event: frame\ndata: " + frame + "\n\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                s.touch();
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } finally {
            s.streamClosed();
        }
    }
}
