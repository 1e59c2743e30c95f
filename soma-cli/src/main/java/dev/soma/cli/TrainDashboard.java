package dev.soma.cli;

import dev.soma.web.Dashboard;
import dev.soma.web.PlaygroundServer;
import dev.soma.web.RunFiles;
import dev.soma.web.RunRecorder;
import dev.soma.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code soma train --ui}: the training dashboard beside a run. The server starts when the model is built, the run
 * is recorded by a {@link RunRecorder} listening to the trainer, the test results are added at the end, and the
 * record is written to {@code --ui-record} when given. In a terminal the dashboard keeps serving after a
 * successful run until Ctrl-C; otherwise (scripts, CI) it stops with the run.
 */
final class TrainDashboard {
    private final PlaygroundServer.Options options = new PlaygroundServer.Options();
    private final Dashboard dashboard = new Dashboard();
    private final Path record;
    private final PrintWriter out;
    private PlaygroundServer server;
    private RunRecorder recorder;

    private TrainDashboard(String host, int port, Path record, PrintWriter out) {
        options.host = host;
        options.port = port;
        options.extra = dashboard;
        this.record = record;
        this.out = out;
    }

    /** Runs {@code run} with the dashboard open. */
    static void run(TrainingRun run, String host, int port, Path record, PrintWriter out, boolean interactive)
            throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--ui-port: expected 0 to 65535, found " + port);
        }
        if (record != null) {
            Outputs.checkWritable(record, "--ui-record", run.s.force);
        }
        TrainDashboard d = new TrainDashboard(host, port, record, out);
        run.dashboard = d;
        boolean ok = false;
        try {
            run.run();
            ok = true;
        } catch (RuntimeException e) {
            if (d.recorder != null) {
                d.recorder.ended(e.getClass().getSimpleName().equals("DivergenceException") ? "diverged" : "failed",
                        e.getMessage());
            }
            throw e;
        } finally {
            d.close(ok && interactive);
        }
    }

    /** The listener that records the run; starts the server (called when the model is built). */
    TrainingListener listener(TrainingRun run) {
        recorder = new RunRecorder(run.model, run.s.data + " · " + run.model.spec(), run.s.epochs);
        dashboard.add("live", recorder);
        server = PlaygroundServer.start(options);
        out.println("dashboard at " + server.uri());
        out.flush();
        return recorder;
    }

    /** The run's end: test results for a classification. */
    void finished(TrainingRun run) {
        if (recorder != null) {
            recorder.finished(run.classification, run.test);
        }
    }

    private void close(boolean wait) throws InterruptedException {
        if (recorder != null && record != null) {
            RunFiles.write(record, recorder.toJson());
            out.println("wrote " + record);
        }
        if (server == null) {
            return;
        }
        if (wait) {
            out.println("training done; the dashboard stays at " + server.uri() + " until Ctrl-C");
            out.flush();
            WebServing.serve(server, "Soma dashboard", out);
        } else {
            server.close();
        }
    }
}
