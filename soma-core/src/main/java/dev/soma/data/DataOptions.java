package dev.soma.data;

import dev.soma.SomaException;

/**
 * Options for {@link DataSources#open}: generated sets' size (examples in total, before the train/test split),
 * noise and seed; the test fraction of generated sets; and the CSV options (target column, header, regression,
 * dropping invalid rows). Fluent setters; defaults: size 1000, noise 0.1, seed 42, testFraction 0.2, CSV target =
 * last column, header detected, classification, invalid values refused.
 */
public final class DataOptions {
    private int size = 1000;
    private double noise = 0.1;
    private long seed = 42;
    private double testFraction = 0.2;
    private String target;
    private Boolean header;
    private boolean regression;
    private boolean dropInvalid;

    public static DataOptions defaults() {
        return new DataOptions();
    }

    public DataOptions size(int n) {
        if (n < 10 || n > 10_000_000) {
            throw new SomaException("data size must be in [10, 10000000], got " + n);
        }
        this.size = n;
        return this;
    }

    public DataOptions noise(double v) {
        if (!(v >= 0 && v <= 10)) {
            throw new SomaException("noise must be in [0, 10], got " + v);
        }
        this.noise = v;
        return this;
    }

    public DataOptions seed(long s) {
        this.seed = s;
        return this;
    }

    public DataOptions testFraction(double f) {
        if (!(f > 0 && f < 1)) {
            throw new SomaException("test fraction must be in (0, 1), got " + f);
        }
        this.testFraction = f;
        return this;
    }

    /** CSV label/target column (header name or 0-based index); null = last column. */
    public DataOptions target(String column) {
        this.target = column;
        return this;
    }

    /** CSV header: true, false, or null to detect. */
    public DataOptions header(Boolean h) {
        this.header = h;
        return this;
    }

    public DataOptions regression(boolean r) {
        this.regression = r;
        return this;
    }

    public DataOptions dropInvalid(boolean d) {
        this.dropInvalid = d;
        return this;
    }

    public int size() {
        return size;
    }

    public double noise() {
        return noise;
    }

    public long seed() {
        return seed;
    }

    public double testFraction() {
        return testFraction;
    }

    public String target() {
        return target;
    }

    public Boolean header() {
        return header;
    }

    public boolean regression() {
        return regression;
    }

    public boolean dropInvalid() {
        return dropInvalid;
    }

    /** A CsvReader configured with these options. */
    public CsvReader csvReader() {
        CsvReader r = new CsvReader().header(header).regression(regression).dropInvalid(dropInvalid);
        if (target != null) {
            String[] cols = target.split(",");
            r.targets(cols);
        }
        return r;
    }
}
