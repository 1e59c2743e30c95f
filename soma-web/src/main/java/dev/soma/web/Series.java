package dev.soma.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A series of (step, a, b) points of bounded length: when full, neighbouring points are averaged in pairs and
 * later points are averaged over twice as many steps, so the whole run stays visible at even resolution.
 */
final class Series {
    static final int CAPACITY = 1000;
    private final double[][] points = new double[CAPACITY][];
    private final int width;
    private int size;
    private int stride = 1;
    private final double[] pending;
    private int pendingCount;

    Series(int width) {
        this.width = width;
        this.pending = new double[width];
    }

    void add(double... values) {
        if (pendingCount == 0 && size == CAPACITY) {
            // full: halve the resolution of what is kept; the points to come are averaged over twice as many
            for (int i = 0; i < CAPACITY / 2; i++) {
                double[] x = points[2 * i];
                double[] y = points[2 * i + 1];
                double[] m = new double[width];
                for (int j = 0; j < width; j++) {
                    m[j] = (x[j] + y[j]) / 2;
                }
                points[i] = m;
            }
            size = CAPACITY / 2;
            stride *= 2;
        }
        for (int i = 0; i < width; i++) {
            pending[i] += values[i];
        }
        if (++pendingCount < stride) {
            return;
        }
        double[] p = new double[width];
        for (int i = 0; i < width; i++) {
            p[i] = pending[i] / pendingCount;
            pending[i] = 0;
        }
        pendingCount = 0;
        points[size++] = p;
    }

    int size() {
        return size;
    }

    List<Object> toJson(String... names) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int j = 0; j < width; j++) {
                m.put(names[j], Double.isFinite(points[i][j]) ? (Object) points[i][j] : null);
            }
            out.add(m);
        }
        return out;
    }
}
