package dev.soma.cli;

import dev.soma.web.PlaygroundServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soma playground}: the interactive playground in the browser, trained by this JVM (docs/PLAYGROUND.md).
 * Serves until Ctrl-C, which stops the training sessions and the server cleanly.
 */
@Command(name = "playground", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Start the Soma Playground: a web page where a small network learns 2-D data live.",
            "Open the printed address in a browser; Ctrl-C stops the server. Binds to this machine only",
            "unless --host says otherwise."})
final class PlaygroundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (0.0.0.0: every interface; anyone who can reach it can use it).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "Port to listen on (0: any free port).")
    int port;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "32",
            description = "Browser tabs that may train at once.")
    int maxSessions;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port: expected 0 to 65535, found " + port);
        }
        if (maxSessions < 1 || maxSessions > 1000) {
            throw new UsageException("--max-sessions: expected 1 to 1000, found " + maxSessions);
        }
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.host = host;
        o.port = port;
        o.maxSessions = maxSessions;
        return WebServing.serve(PlaygroundServer.start(o), "Soma Playground", spec.commandLine().getOut());
    }
}
