package dev.soma.cli;

import dev.soma.web.PlaygroundServer;
import java.io.PrintWriter;

/** Runs a started web server until the JVM is asked to stop (Ctrl-C), then stops it cleanly. */
final class WebServing {
    private WebServing() {
    }

    static int serve(PlaygroundServer server, String what, PrintWriter out) throws InterruptedException {
        Thread hook = new Thread(() -> {
            server.close();
            out.println("soma: " + what + " stopped");
            out.flush();
        }, "soma-web-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(what + " at " + server.uri() + "  (Ctrl-C stops it)");
        out.flush();
        server.join();
        return 0;
    }
}
