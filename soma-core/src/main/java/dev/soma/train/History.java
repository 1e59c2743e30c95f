package dev.soma.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The per-epoch record of a training run, and why it stopped. */
public final class History {
    private final List<EpochStats> epochs = new ArrayList<>();
    private String stopReason = "completed";
    private int bestEpoch = -1;

    public void add(EpochStats s) {
        epochs.add(s);
    }

    public List<EpochStats> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch's stats, or null before the first. */
    public EpochStats last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    public int size() {
        return epochs.size();
    }

    /** "completed", "early stopping at epoch 7 (best 4)", … */
    public String stopReason() {
        return stopReason;
    }

    public void setStopReason(String r) {
        stopReason = r;
    }

    /** The epoch (from 1) whose weights the model holds after early stopping restored the best, or −1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public void setBestEpoch(int e) {
        bestEpoch = e;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        epochs.forEach(e -> sb.append(e).append('\n'));
        return sb.append(stopReason).toString();
    }
}
