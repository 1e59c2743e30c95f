package dev.soma.web;

import dev.soma.nn.Linear;
import dev.soma.nn.Sequential;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One browser tab's playground: its settings, data, network and training state, and the latest frame it
 * published. Every method that reads or changes the network is synchronized on the session, so commands from the
 * page and the training slices of the shared pool never interleave; sessions share nothing with each other.
 */
final class Session {
    /** What the session is doing, as frames report it. */
    enum Status { PAUSED, PLAYING, DIVERGED }

    final String id;
    final FrameHub hub = new FrameHub();
    private PlaygroundSettings settings;
    private Points data;
    private Training training;
    private Status status = Status.PAUSED;
    private String message = "";
    private int dataVersion;
    private int netVersion;
    private double epochsPerSecond;
    private long renderNanos;
    private long frameSeq;
    private CsvUpload.Parsed upload;
    private volatile boolean closed;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile int streams;
    private volatile long streamGoneNanos = -1;

    Session(String id, PlaygroundSettings settings) {
        this.id = id;
        this.settings = settings;
        this.data = DataSets.generate(settings);
        rebuild();
        publish();
    }

    synchronized PlaygroundSettings settings() {
        return settings;
    }

    synchronized boolean isPlaying() {
        return status == Status.PLAYING && !closed;
    }

    /**
     * Applies new settings: rates change in place; other changes rebuild the network (and the data when needed).
     * Nothing changes when they are refused.
     */
    synchronized void apply(PlaygroundSettings next) {
        if (next.dataset.equals("csv") && upload == null) {
            throw new BadRequest("field 'dataset': 'csv' needs an uploaded file first (POST /api/sessions/ID/data)");
        }
        PlaygroundSettings old = settings;
        Points oldData = data;
        Training oldTraining = training;
        CsvUpload.Parsed oldUpload = upload;
        int oldDataVersion = dataVersion;
        int oldNetVersion = netVersion;
        try {
            settings = next;
            if (old.onlyRatesDiffer(next)) {
                training.setRates(next);
            } else {
                if (!next.dataset.equals("csv")) {
                    upload = null;
                }
                if (old.dataDiffers(next) || oldUpload != null && upload == null) {
                    newData();
                }
                rebuild();
            }
        } catch (RuntimeException e) {
            settings = old;
            data = oldData;
            training = oldTraining;
            upload = oldUpload;
            dataVersion = oldDataVersion;
            netVersion = oldNetVersion;
            throw e;
        }
        publish();
    }

    synchronized void play() {
        if (status != Status.PLAYING) {
            status = Status.PLAYING;
            message = "";
        }
        publish();
    }

    synchronized void pause() {
        if (status == Status.PLAYING) {
            status = Status.PAUSED;
        }
        publish();
    }

    /** One epoch, then paused. */
    synchronized void step() {
        status = Status.PAUSED;
        message = "";
        runEpoch();
        publish();
    }

    synchronized void reset() {
        status = Status.PAUSED;
        message = "";
        rebuild();
        publish();
    }

    /** New points from the next seed (the settings' seed changes, so the URL reproduces them). */
    synchronized void regenerate() {
        PlaygroundSettings next = settings.copy();
        next.seed = settings.seed + 1;
        settings = next;
        upload = null;
        if (next.dataset.equals("csv")) {
            next.dataset = next.isClassification() ? "circles" : "plane";
            next.classes = 2;
        }
        newData();
        rebuild();
        publish();
    }

    /** Replaces the data by the user's CSV (dataset "csv"); the network is rebuilt for its classes. */
    synchronized void upload(CsvUpload.Parsed parsed) {
        PlaygroundSettings next = settings.copy();
        next.dataset = "csv";
        next.problem = parsed.classification ? "classification" : "regression";
        next.classes = parsed.classification ? parsed.classes : 2;
        if (!parsed.classification && next.loss.equals("cross_entropy")) {
            next.loss = "mse";
        } else if (parsed.classification && next.classes > 2) {
            next.loss = "cross_entropy";
        } else if (parsed.classification && !next.loss.equals("cross_entropy")) {
            next.loss = "mse";
        }
        settings = next;
        upload = parsed;
        newData();
        rebuild();
        publish();
    }

    /** Sets one weight (from ≥ 0) or bias (from = −1) of Linear layer {@code layer}, counted from 0. */
    synchronized void setWeight(int layer, int to, int from, double value) {
        List<Linear> linears = training.linears();
        if (layer < 0 || layer >= linears.size()) {
            throw new BadRequest("field 'layer': expected an integer in [0, " + (linears.size() - 1) + "], found " + layer);
        }
        Linear l = linears.get(layer);
        if (to < 0 || to >= l.outFeatures()) {
            throw new BadRequest("field 'to': expected an integer in [0, " + (l.outFeatures() - 1) + "], found " + to);
        }
        if (from < -1 || from >= l.inFeatures()) {
            throw new BadRequest("field 'from': expected an integer in [-1, " + (l.inFeatures() - 1)
                    + "] (-1 for the bias), found " + from);
        }
        if (from == -1) {
            l.bias().setFlat(to, value);
        } else {
            l.weight().setFlat(to * l.inFeatures() + from, value);
        }
        training.weightsEdited();
        publish();
    }

    /**
     * Trains whole epochs, then publishes a frame, within about {@code periodNanos} together (the frame's own cost,
     * measured last time, comes off the training time, at least 5 ms of which remain); false when not playing.
     */
    synchronized boolean trainSlice(long periodNanos) {
        if (status != Status.PLAYING || closed) {
            return false;
        }
        long start = System.nanoTime();
        long nanos = Math.max(5_000_000L, periodNanos - renderNanos);
        int epochs = 0;
        do {
            if (!runEpoch()) {
                break;
            }
            epochs++;
        } while (System.nanoTime() - start < nanos);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (epochs > 0 && seconds > 0) {
            double now = epochs / seconds;
            epochsPerSecond = epochsPerSecond == 0 ? now : 0.8 * epochsPerSecond + 0.2 * now;
        }
        long before = System.nanoTime();
        publish();
        renderNanos = System.nanoTime() - before;
        return status == Status.PLAYING;
    }

    /** One epoch with the divergence guard; false when it diverged (training is paused, the weights restored). */
    private boolean runEpoch() {
        String problem = training.epoch();
        if (problem != null) {
            status = Status.DIVERGED;
            message = problem;
            return false;
        }
        return true;
    }

    private void newData() {
        data = upload != null ? CsvUpload.toPoints(upload, settings.trainRatio, settings.seed) : DataSets.generate(settings);
        dataVersion++;
    }

    private void rebuild() {
        if (data.trainCount != DataSets.trainCount(data.size(), settings.trainRatio)) {
            newData();
        }
        training = new Training(settings, data);
        epochsPerSecond = 0;
        netVersion++;
    }

    private void publish() {
        hub.publish(Frames.frame(this, training, status, message, epochsPerSecond, ++frameSeq));
    }

    synchronized Map<String, Object> pointsJson() {
        return Frames.points(data, dataVersion, upload == null ? 1 : upload.scale);
    }

    synchronized int dataVersion() {
        return dataVersion;
    }

    synchronized int netVersion() {
        return netVersion;
    }

    synchronized Points data() {
        return data;
    }

    /** A copy of the current network for export, with its settings (taken under the lock). */
    synchronized Export export() {
        Sequential copy = Sequential.fromSpec(training.model().spec());
        Map<String, Tensor> state = training.model().stateDict();
        copy.loadStateDict(state);
        return new Export(copy, settings, data, upload == null ? 1 : upload.scale);
    }

    /** What an export needs, taken under the session's lock. */
    static final class Export {
        final Sequential model;
        final PlaygroundSettings settings;
        final Points data;
        final double scale;

        Export(Sequential model, PlaygroundSettings settings, Points data, double scale) {
            this.model = model;
            this.settings = settings;
            this.data = data;
            this.scale = scale;
        }
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    synchronized void streamOpened() {
        streams++;
        streamGoneNanos = -1;
        touch();
    }

    synchronized void streamClosed() {
        streams--;
        if (streams == 0) {
            streamGoneNanos = System.nanoTime();
        }
        touch();
    }

    /** When the last event stream closed (System.nanoTime), or −1 while one is open or none ever was. */
    long streamGoneNanos() {
        return streamGoneNanos;
    }

    void close() {
        closed = true;
        synchronized (this) {
            status = Status.PAUSED;
        }
        hub.close();
    }

    boolean isClosed() {
        return closed;
    }

    boolean hasStream() {
        return streams > 0;
    }
}
