package dev.soma.io;

import dev.soma.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Child process of {@link CrashSafetyTest}: rewrites one safetensors file forever, generation after generation. */
public final class AtomicWriterProbe {
    private AtomicWriterProbe() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        float[] values = new float[1 << 18]; // 1 MB of data per generation
        for (int generation = 0; ; generation++) {
            Arrays.fill(values, generation);
            SafeTensors.write(file, Map.of("w", Tensor.of(values, values.length)), Map.of("generation", Integer.toString(generation)));
            if (generation == 0) {
                System.out.println("started");
                System.out.flush();
            }
        }
    }
}
