package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.fail;

import dev.soma.SomaException;
import dev.soma.data.Standardizer;
import dev.soma.train.ModelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated ONNX files (bytes flipped, set to extremes, cut, duplicated, dropped) each load or fail with a
 * {@link SomaException}: no other exception, no out-of-memory error, no hang (the timeout).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FuzzTest {
    private static final int MUTANTS = 6000;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void mutatedFilesLoadOrFailWithASomaException() throws IOException {
        byte[] mlp = Onnx.toBytes(Models.random("linear:4:6,batchnorm1d:6,gelu,residual(linear:6:6,sqnl),"
                + "linear:6:3,softmax", new int[] {4}, 3), ExportOptions.defaults().withInfo(ModelInfo.classification(
                List.of("a", "b", "c")).withStandardizer(Standardizer.of(new float[4], new float[] {1, 1, 1, 1}))));
        byte[] cnn = Onnx.toBytes(Models.random("conv:1:2:3:pad=1,relu,maxpool:2,avgpool:2:pad=1,flatten,linear:8:2",
                new int[] {1, 6, 6}, 4), ExportOptions.defaults().withInputShape(1, 6, 6));
        List<byte[]> seeds = List.of(mlp, cnn, resource("torch_cnn.onnx"));
        SplittableRandom rng = new SplittableRandom(2024);
        int loaded = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] b = mutate(seeds.get(i % seeds.size()), rng);
            try {
                Onnx.load(b, "fuzz.onnx");
                loaded++;
            } catch (SomaException expected) {
                // refused with one line: fine
            } catch (Throwable t) {
                fail("mutant " + i + " (" + b.length + " bytes) threw " + t + "; bytes: " + Arrays.toString(
                        Arrays.copyOf(b, Math.min(b.length, 64))), t);
            }
        }
        // a sanity bound on the harness itself: some mutants (a flipped weight) must still load
        if (loaded == 0 || loaded == MUTANTS) {
            fail("expected some mutants to load and some to be refused, " + loaded + " of " + MUTANTS + " loaded");
        }
    }

    private static byte[] mutate(byte[] src, SplittableRandom rng) {
        byte[] b = src.clone();
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = rng.nextInt(b.length);
            switch (rng.nextInt(6)) {
                case 0: b[at] ^= (byte) (1 << rng.nextInt(8)); break;
                case 1: b[at] = (byte) (rng.nextBoolean() ? 0xFF : 0x7F); break;
                case 2: b = Arrays.copyOf(b, Math.max(1, at)); break;
                case 3: {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(32));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                    break;
                }
                case 4: {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c.length == 0 ? new byte[] {0} : c;
                    break;
                }
                default: b[at] = (byte) rng.nextInt(256);
            }
        }
        return b;
    }
}
