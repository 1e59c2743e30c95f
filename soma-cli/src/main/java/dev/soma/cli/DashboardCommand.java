package dev.soma.cli;

import dev.soma.web.Dashboard;
import dev.soma.web.PlaygroundServer;
import dev.soma.web.RunFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code soma dashboard DIR}: the training dashboard over the records runs left in a directory. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Show the training dashboard for the runs recorded in DIR: the *.json files of",
            "'soma train --json FILE' and 'soma train --ui --ui-record FILE'. Ctrl-C stops the server."})
final class DashboardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding the runs' JSON files.")
    Path dir;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "Port to listen on (0: any free port).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port: expected 0 to 65535, found " + port);
        }
        Map<String, Map<String, Object>> runs = RunFiles.read(dir);
        if (runs.isEmpty()) {
            throw new UsageException(dir + ": no run records (*.json written by 'soma train --json' or '--ui-record')");
        }
        Dashboard d = new Dashboard();
        runs.forEach(d::add);
        PlaygroundServer.Options o = new PlaygroundServer.Options();
        o.host = host;
        o.port = port;
        o.extra = d;
        spec.commandLine().getOut().println(runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " from " + dir);
        return WebServing.serve(PlaygroundServer.start(o), "Soma dashboard", spec.commandLine().getOut());
    }
}
