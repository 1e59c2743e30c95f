package dev.soma.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code soma train}: trains a multi-layer perceptron on a data set and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false, description = {
    "Train a multi-layer perceptron and save it as .safetensors (PyTorch's layout).",
    "Data: builtin:digits|circles|xor|gaussians|spiral|houses|fashion-mnist, a directory of IDX",
    "files (MNIST, Fashion-MNIST), a CSV file, or a CIFAR-10 binary directory. Splits: the data's",
    "own test part when it has one, with --dev-fraction of the training part held out as dev set;",
    "otherwise 80/10/10 train/dev/test; or --split (--split 1: all of it); or separate --dev and",
    "--test files. The tutorials' forms: --momentum-form tutorial, --rho, tutorial_* schedules,",
    "--keep-prob, --init tutorial_xavier, --loss mse:batchmean (docs/TRAINING.md)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH|builtin:NAME", description = "The data set.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "MODEL.safetensors", description = "Where to save the model.")
    Path out;

    @Mixin
    TrainingOptions training;

    @Option(names = "--split", split = ",", paramLabel = "R,R[,R]", hideParamSyntax = true,
            description = "Split ratios train,dev[,test] of the training data (e.g. 0.8,0.1,0.1; 0.6,0.2,0.2; 1 or "
                    + "1,0,0 trains on all of it: no dev or test part then).")
    double[] split;

    @Option(names = "--dev", paramLabel = "PATH",
            description = "A separate dev set (a CSV file, or an IDX directory's test part), instead of one split off.")
    String devData;

    @Option(names = "--test", paramLabel = "PATH",
            description = "A separate test set (a CSV file, or an IDX directory's test part).")
    String testData;

    @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of the training part held out as dev set when the data has its own test part "
                    + "(0: none).")
    double devFraction;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "Stop when the dev loss has not improved for PATIENCE epochs and restore the best weights "
                    + "(0: off).")
    int earlyStopping;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "CSV label/target column, by name or 0-based index (default: the last).")
    String target;

    @Option(names = "--regression", description = "CSV: predict numbers (MSE) instead of classes.")
    boolean regression;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write a checkpoint there after each epoch.")
    Path checkpointDir;

    @Option(names = "--resume", description = "Continue from the checkpoint in --checkpoint-dir.")
    boolean resume;

    @Option(names = "--grad-norms", description = "Print each layer's gradient norm ‖∂J/∂W‖ (last batch of the epoch) "
            + "on the epoch lines and into --json.")
    boolean gradNorms;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the metrics as JSON (see README).")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a PNG chart of loss and accuracy per epoch.")
    Path plot;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--ui", description = "Open the training dashboard in the browser (address printed; docs/PLAYGROUND.md).")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "N", defaultValue = "7070", description = "The dashboard's port (0: any free port).")
    int uiPort;

    @Option(names = "--ui-record", paramLabel = "FILE", description = "With --ui: write the dashboard's record there at the end.")
    Path uiRecord;

    @Override
    public Integer call() throws InterruptedException {
        Settings s = new Settings();
        s.data = data;
        s.out = out;
        training.applyTo(s);
        s.split = split;
        s.devData = devData;
        s.testData = testData;
        s.gradNorms = gradNorms;
        s.devFraction = devFraction;
        s.earlyStopping = earlyStopping;
        s.target = target;
        s.regression = regression;
        s.checkpointDir = checkpointDir;
        s.resume = resume;
        s.json = json;
        s.plot = plot;
        s.force = force;
        s.command = "train";
        s.validate();
        training.checkNames();
        TrainingRun run = new TrainingRun(s, spec.commandLine().getOut(), Terminal.isInteractive());
        if (ui) {
            TrainDashboard.run(run, "127.0.0.1", uiPort, uiRecord, spec.commandLine().getOut(), Terminal.isInteractive());
        } else {
            run.run();
        }
        return 0;
    }
}
