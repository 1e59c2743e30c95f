package dev.soma.web;

import dev.soma.SomaException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The web server of {@code soma playground} (and of the training dashboard): Jetty on one address, serving the page
 * and its files from the jar and the JSON API. Bounded everywhere: at most {@code maxThreads} request threads
 * (event streams hold one each), {@link Options#maxSessions} sessions trained by {@link Options#trainThreads}
 * threads, request bodies of at most 1 MB.
 */
public final class PlaygroundServer implements AutoCloseable {
    /** Server options; the defaults suit one user on a laptop. */
    public static final class Options {
        public String host = "127.0.0.1";
        public int port = 7070;
        public int maxSessions = 32;
        public int trainThreads = 2;
        public long idleMillis = 60_000;
        public long streamGraceMillis = 5_000;
        /** Extra routes (the dashboard), or null. */
        public Routes extra;
    }

    /** More pages and API routes on the same server; {@code handle} returns false for a path it does not serve. */
    public interface Routes {
        boolean handle(String path, Request request, Response response, Callback callback) throws IOException;

        default void close() {
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Sessions sessions;
    private final Options options;

    private PlaygroundServer(Options o) {
        this.options = o;
        this.sessions = new Sessions(o.maxSessions, o.trainThreads, o.idleMillis, o.streamGraceMillis);
        QueuedThreadPool threads = new QueuedThreadPool(o.maxSessions + 16, 4);
        threads.setName("soma-web");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(o.host);
        connector.setPort(o.port);
        server.addConnector(connector);
        server.setHandler(new Root(new PlaygroundApi(sessions), new StaticFiles(), o.extra));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(1000);
    }

    /** Starts a server; a busy port or an unknown host is a {@link SomaException} saying so. */
    public static PlaygroundServer start(Options o) {
        PlaygroundServer p = new PlaygroundServer(o);
        try {
            p.server.start();
        } catch (Exception e) {
            p.close();
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof BindException)) {
                c = c.getCause();
            }
            if (c instanceof BindException || e instanceof IOException) {
                throw new SomaException("cannot listen on " + o.host + ":" + o.port + " (" + c.getMessage()
                        + "); is another server running there? pass --port");
            }
            throw new SomaException("cannot start the web server on " + o.host + ":" + o.port + ": " + e);
        }
        return p;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address. */
    public URI uri() {
        String h = options.host.contains(":") ? "[" + options.host + "]" : options.host;
        return URI.create("http://" + (h.equals("0.0.0.0") ? "127.0.0.1" : h) + ":" + port() + "/");
    }

    /** Number of open playground sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    /** True while the session is open (without counting as a request to it). */
    boolean hasSession(String id) {
        return sessions.contains(id);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        sessions.close();
        if (options.extra != null) {
            options.extra.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the threads are daemons
        }
    }

    /** Errors Jetty itself answers (a malformed or ambiguous URI, say) are one JSON line too. */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) {
            Http.error(response, callback, code, message == null || message.isBlank() ? HttpStatus.getMessage(code) : message);
        }
    }

    /** Routes a request: the page, its files, the API, then the extra routes; errors become one-line 4xx/5xx. */
    private static final class Root extends Handler.Abstract {
        private final PlaygroundApi api;
        private final StaticFiles files;
        private final Routes extra;

        Root(PlaygroundApi api, StaticFiles files, Routes extra) {
            this.api = api;
            this.files = files;
            this.extra = extra;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            try {
                if (extra != null && extra.handle(path, request, response, callback)) {
                    return true;
                }
                if (path.startsWith("/api/")) {
                    api.handle(path, request, response, callback);
                } else if (path.equals("/") || path.equals("/index.html")) {
                    onlyGet(request);
                    files.serve("playground.html", response, callback);
                } else if (path.startsWith("/static/")) {
                    onlyGet(request);
                    files.serve(path.substring("/static/".length()), response, callback);
                } else {
                    throw new BadRequest(404, "no page " + (path.length() > 60 ? path.substring(0, 60) + "…" : path));
                }
            } catch (BadRequest e) {
                Http.error(response, callback, e.status(), e.getMessage());
            } catch (SomaException e) {
                Http.error(response, callback, 400, e.getMessage());
            } catch (Exception | StackOverflowError e) {
                Http.error(response, callback, 500, "internal error: " + e);
            }
            return true;
        }

        private static void onlyGet(Request request) {
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                throw new BadRequest(405, "method " + request.getMethod() + " not allowed here; use GET");
            }
        }
    }
}
