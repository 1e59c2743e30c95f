package dev.soma.data;

import dev.soma.Numbers;
import dev.soma.SomaException;
import dev.soma.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random splits into {@link Subset} views (nothing copied). Part sizes follow the ratios exactly (largest
 * remainder rounding: 60/20/20 of 1,000 is 600/200/200; 98/1/1 of 1,000 is 980/10/10). A classification set is
 * split stratified: each class is spread over the parts in proportion to the ratios (as closely as whole
 * examples allow), like scikit-learn's {@code train_test_split(..., stratify=y)}. Each part comes out shuffled.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits {@code data} into {@code ratios.length} parts (ratios 0 or more, summing to 1; a part of ratio 0 is
     * empty, any other part must get at least one example).
     */
    public static List<Dataset> byRatios(Dataset data, double[] ratios, long seed) {
        return byRatios(data, ratios, seed, null);
    }

    /** As {@link #byRatios(Dataset, double[], long)}, naming the parts (null: NAME/split0, NAME/split1, …). */
    public static List<Dataset> byRatios(Dataset data, double[] ratios, long seed, List<String> names) {
        if (names != null && names.size() != ratios.length) {
            throw new SomaException("split: " + names.size() + " names for " + ratios.length + " parts");
        }
        int n = data.size();
        double sum = 0;
        for (double r : ratios) {
            if (!(r >= 0) || !Double.isFinite(r)) {
                throw new SomaException("split ratios " + Arrays.toString(ratios) + ": each must be 0 or more, got "
                        + Numbers.human(r));
            }
            sum += r;
        }
        if (ratios.length == 0 || Math.abs(sum - 1) > 1e-6) {
            throw new SomaException("split ratios " + Arrays.toString(ratios) + " sum to " + Numbers.human(sum) + ", expected 1");
        }
        int[] counts = counts(n, ratios);
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0 && ratios[k] > 0) {
                throw new SomaException("split " + Arrays.toString(ratios) + " of " + n + " examples of " + data.name()
                        + " leaves part " + k + " empty");
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = data.isClassification() ? stratifiedOrder(data, rng) : shuffled(n, rng);
        List<Dataset> parts = new ArrayList<>();
        int at = 0;
        for (int k = 0; k < counts.length; k++) {
            int[] idx = Arrays.copyOfRange(order, at, at + counts[k]);
            at += counts[k];
            Rng.shuffle(idx, rng);
            parts.add(new Subset(data, idx, names != null ? names.get(k) : data.name() + "/split" + k));
        }
        return parts;
    }

    /** Splits off a fraction for validation: returns [rest, heldOut], stratified for classification. */
    public static List<Dataset> holdOut(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new SomaException("hold-out fraction must be in (0, 1), got " + fraction);
        }
        return byRatios(data, new double[] {1 - fraction, fraction}, seed);
    }

    /**
     * k-fold cross-validation: {@code data} cut into k parts of (nearly) equal size, stratified for classification,
     * shuffled with {@code seed}; returns k pairs [train, dev] where fold j's dev set is part j and its training set
     * the other k − 1 parts (every example is in exactly one dev set).
     */
    public static List<List<Dataset>> kFold(Dataset data, int k, long seed) {
        int n = data.size();
        if (k < 2 || k > n) {
            throw new SomaException("k-fold: expected 2 ≤ k ≤ " + n + " (the examples of " + data.name() + "), got " + k);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        // dealt round-robin, class after class (each class shuffled): every fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ of each
        // class and ⌊n/k⌋ or ⌈n/k⌉ examples in all
        int[] fold = new int[n];
        int dealt = 0;
        if (data.isClassification()) {
            int[][] members = byClass(data, rng);
            for (int[] m : members) {
                for (int i : m) {
                    fold[i] = dealt++ % k;
                }
            }
        } else {
            for (int i : shuffled(n, rng)) {
                fold[i] = dealt++ % k;
            }
        }
        int[] sizes = new int[k];
        for (int f : fold) {
            sizes[f]++;
        }
        List<List<Dataset>> folds = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int[] dev = new int[sizes[j]];
            int[] train = new int[n - sizes[j]];
            int d = 0;
            int t = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] == j) {
                    dev[d++] = i;
                } else {
                    train[t++] = i;
                }
            }
            Rng.shuffle(dev, rng);
            Rng.shuffle(train, rng);
            folds.add(List.of(new Subset(data, train, data.name() + "/fold" + (j + 1) + "-train"),
                    new Subset(data, dev, data.name() + "/fold" + (j + 1) + "-dev")));
        }
        return folds;
    }

    /** The examples of each class, each list shuffled. */
    private static int[][] byClass(Dataset data, SplittableRandom rng) {
        int n = data.size();
        int[] perClass = new int[data.classes()];
        for (int i = 0; i < n; i++) {
            perClass[data.label(i)]++;
        }
        int[][] members = new int[perClass.length][];
        for (int c = 0; c < members.length; c++) {
            members[c] = new int[perClass[c]];
        }
        int[] fill = new int[perClass.length];
        for (int i = 0; i < n; i++) {
            int c = data.label(i);
            members[c][fill[c]++] = i;
        }
        for (int[] m : members) {
            Rng.shuffle(m, rng);
        }
        return members;
    }

    /** Sizes by largest remainder: floor(n·r) each, the leftover to the largest fractional parts (first on ties). */
    static int[] counts(int n, double[] ratios) {
        int[] c = new int[ratios.length];
        double[] frac = new double[ratios.length];
        int used = 0;
        for (int k = 0; k < ratios.length; k++) {
            double exact = n * ratios[k];
            c[k] = (int) Math.floor(exact + 1e-9);
            frac[k] = exact - c[k];
            used += c[k];
        }
        while (used < n) {
            int best = 0;
            for (int k = 1; k < ratios.length; k++) {
                if (frac[k] > frac[best] + 1e-12) {
                    best = k;
                }
            }
            c[best]++;
            frac[best] = -1;
            used++;
        }
        while (used > n) { // only from rounding noise
            for (int k = ratios.length - 1; k >= 0 && used > n; k--) {
                if (c[k] > 0) {
                    c[k]--;
                    used--;
                }
            }
        }
        return c;
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Rng.shuffle(idx, rng);
        return idx;
    }

    /**
     * Examples ordered so that every prefix holds each class in proportion: within its class (shuffled) the j-th of
     * n_c examples gets the key (j + u)/n_c, u uniform in [0, 1); all examples sorted by key.
     */
    private static int[] stratifiedOrder(Dataset data, SplittableRandom rng) {
        int n = data.size();
        int classes = data.classes();
        int[] perClass = new int[classes];
        for (int i = 0; i < n; i++) {
            perClass[data.label(i)]++;
        }
        int[][] members = new int[classes][];
        for (int c = 0; c < classes; c++) {
            members[c] = new int[perClass[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < n; i++) {
            int c = data.label(i);
            members[c][fill[c]++] = i;
        }
        double[] key = new double[n];
        Integer[] order = new Integer[n];
        for (int c = 0; c < classes; c++) {
            Rng.shuffle(members[c], rng);
            for (int j = 0; j < members[c].length; j++) {
                key[members[c][j]] = (j + rng.nextDouble()) / members[c].length;
            }
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
