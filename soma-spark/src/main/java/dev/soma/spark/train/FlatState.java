package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer state ({@code Optimizer.state()}) split for the barrier exchange: its float32 buffers (Adam's moments,
 * momentum, …) as one run of floats that travels appended to the parameters and is averaged with them in one
 * {@link WeightedMean}, and the rest ("lr", the step counters, optimizer-wide numbers) as a small map averaged by
 * {@link OptimizerStates#averageMaps}. The float average is the one {@code averageMaps} computes for those buffers (the
 * same shares, order and rounding), so the result is the collect strategy's bit for bit. The layout (buffer names and
 * shapes, in state order) travels as text so that a task that has not stepped yet can read the others' state.
 */
final class FlatState {
    private final String[] keys;
    private final int[][] shapes;
    private final int[] offsets;
    /** Per buffer, an array reused by every {@link #join} (loadState copies from it). */
    private final float[][] scratch;
    final int size;
    final String layout;

    private FlatState(String[] keys, int[][] shapes) {
        this.keys = keys;
        this.shapes = shapes;
        this.offsets = new int[keys.length + 1];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            offsets[i + 1] = offsets[i] + numel(shapes[i]);
            sb.append(keys[i]).append('=').append(join(shapes[i])).append(';');
        }
        this.size = offsets[keys.length];
        this.scratch = new float[keys.length][];
        this.layout = sb.toString();
    }

    /** True for the entries that travel as floats. */
    static boolean flat(String key, Tensor t) {
        return !key.endsWith(".step") && t.dtype() == DType.F32 && t.isContiguous() && t.offset() == 0;
    }

    /** The layout of {@code state}'s float32 buffers. */
    static FlatState of(Map<String, Tensor> state) {
        List<String> k = new ArrayList<>();
        List<int[]> s = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (flat(e.getKey(), e.getValue())) {
                k.add(e.getKey());
                s.add(e.getValue().shape());
            }
        }
        return new FlatState(k.toArray(new String[0]), s.toArray(new int[0][]));
    }

    /** Reads {@link #layout}. */
    static FlatState parse(String layout) {
        List<String> k = new ArrayList<>();
        List<int[]> s = new ArrayList<>();
        for (String item : layout.split(";")) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.lastIndexOf('=');
            k.add(item.substring(0, eq));
            String dims = item.substring(eq + 1);
            s.add(dims.isEmpty() ? new int[0] : Arrays.stream(dims.split("x")).mapToInt(Integer::parseInt).toArray());
        }
        return new FlatState(k.toArray(new String[0]), s.toArray(new int[0][]));
    }

    /** Copies the buffers of {@code state} (of this layout) into {@code dst[at …]}; returns the other entries. */
    LinkedHashMap<String, Tensor> split(Map<String, Tensor> state, float[] dst, int at) {
        LinkedHashMap<String, Tensor> rest = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (!flat(e.getKey(), e.getValue())) {
                rest.put(e.getKey(), e.getValue());
                continue;
            }
            if (i >= keys.length || !keys[i].equals(e.getKey()) || e.getValue().numel() != offsets[i + 1] - offsets[i]) {
                throw new SomaException("optimizer state: entry '" + e.getKey() + "' does not match the layout "
                        + layout);
            }
            System.arraycopy(e.getValue().floats(), 0, dst, at + offsets[i], offsets[i + 1] - offsets[i]);
            i++;
        }
        if (i != keys.length) {
            throw new SomaException("optimizer state: " + i + " buffers, expected " + keys.length + " (" + layout + ")");
        }
        return rest;
    }

    /**
     * The state map for {@code Optimizer.loadState} (which copies it): {@code rest}, then the buffers read from
     * {@code src[at …]} into arrays this layout reuses.
     */
    LinkedHashMap<String, Tensor> join(float[] src, int at, Map<String, Tensor> rest) {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>(rest);
        for (int i = 0; i < keys.length; i++) {
            int n = offsets[i + 1] - offsets[i];
            if (scratch[i] == null) {
                scratch[i] = new float[n];
            }
            System.arraycopy(src, at + offsets[i], scratch[i], 0, n);
            m.put(keys[i], Tensor.of(scratch[i], shapes[i]));
        }
        return m;
    }

    byte[] layoutBytes() {
        return layout.getBytes(StandardCharsets.UTF_8);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static String join(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int d : shape) {
            if (sb.length() > 0) {
                sb.append('x');
            }
            sb.append(d);
        }
        return sb.toString();
    }
}
