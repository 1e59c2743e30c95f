package dev.soma.tensor;

/** Element type of a tensor: float32 for training and inference, float64 for gradient checks and reference paths. */
public enum DType {
    F32("float32", 4),
    F64("float64", 8);

    private final String displayName;
    private final int bytes;

    DType(String displayName, int bytes) {
        this.displayName = displayName;
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
