package dev.soma.cli;

import java.nio.file.Path;

/** Everything a training run of {@code soma train} or {@code soma demo} needs (plain fields, set by the commands). */
final class Settings {
    String data;
    /** A full architecture spec (overrides hidden/activation/dropout), or null. */
    String architecture;
    int[] hidden = {256, 128};
    String activation = "relu";
    double dropout;
    String init = "auto";
    String loss = "auto";
    String optimizer = "adam";
    double lr = Double.NaN;
    double momentum = Double.NaN;
    double beta1 = Double.NaN;
    double beta2 = Double.NaN;
    double eps = Double.NaN;
    double weightDecay;
    double l1;
    double l2;
    double clipNorm;
    String schedule = "constant";
    int epochs = 10;
    int batch = 64;
    boolean shuffle = true;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    boolean standardize;
    double[] split;
    double devFraction = 0.1;
    int earlyStopping;
    String target;
    boolean regression;
    Path checkpointDir;
    boolean resume;
    Path out;
    Path json;
    Path plot;
    boolean force;
    /** The command name written to the JSON report. */
    String command = "train";
}
