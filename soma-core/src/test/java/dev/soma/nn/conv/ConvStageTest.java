package dev.soma.nn.conv;

import dev.soma.kernel.Parallel;
import dev.soma.nn.Flatten;
import dev.soma.nn.Initializers;
import dev.soma.nn.Module;
import dev.soma.nn.Sequential;
import dev.soma.nn.StageChecks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each layer's compiled stage gives the bits of its graph path, over strides, padding, dilation, groups, bias. */
class ConvStageTest {
    @ParameterizedTest(name = "conv {0}->{1} k{2} s{3} p{4} d{5} g{6} bias {7} on {8}x{9}, {10} rows")
    @CsvSource({
        "1, 4, 3, 1, 1, 1, 1, true, 8, 8, 5",
        "3, 6, 3, 2, 1, 1, 1, true, 9, 7, 3",
        "4, 6, 3, 1, 2, 2, 2, false, 7, 9, 4",
        "2, 5, 1, 1, 0, 1, 1, true, 5, 5, 2",
        "6, 6, 5, 3, 2, 1, 3, true, 11, 10, 1",
        "8, 4, 2, 2, 0, 1, 4, false, 6, 6, 7",
        "1, 32, 3, 1, 1, 1, 1, true, 28, 28, 6",
        "3, 2, 3, 1, 0, 1, 1, true, 3, 3, 40",
    })
    void convStageMatchesGraph(int in, int out, int k, int s, int p, int d, int g, boolean bias, int h, int w, int rows) {
        Module m = new Conv2d(in, out, k, s, p, d, g, bias, Initializers.heNormal(), new SplittableRandom(3));
        StageChecks.assertStageMatchesGraph(m, new int[] {in, h, w}, rows, 11);
    }

    @Test
    void convStageMatchesGraphOnOneThreadAndTwo() {
        int before = Parallel.threads();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Module m = new Conv2d(3, 8, 3, 1, 1, 1, 1, true, Initializers.heNormal(), new SplittableRandom(1));
                StageChecks.assertStageMatchesGraph(m, new int[] {3, 10, 10}, 37, 5);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest(name = "pool k{0} s{1} p{2} on {3}x{4}")
    @CsvSource({"2, 2, 0, 8, 8", "3, 2, 1, 9, 7", "3, 1, 1, 5, 6", "2, 3, 1, 7, 7", "1, 1, 0, 3, 4"})
    void poolStagesMatchGraph(int k, int s, int p, int h, int w) {
        int[] shape = {3, h, w};
        StageChecks.assertStageMatchesGraph(new MaxPool2d(k, s, p), shape, 4, 7);
        StageChecks.assertStageMatchesGraph(new AvgPool2d(k, s, p, true), shape, 4, 8);
        StageChecks.assertStageMatchesGraph(new AvgPool2d(k, s, p, false), shape, 4, 9);
    }

    @ParameterizedTest(name = "adaptive {0}x{1} on {2}x{3}")
    @CsvSource({"1, 1, 7, 7", "2, 3, 7, 8", "3, 3, 5, 5", "4, 2, 4, 9"})
    void adaptivePoolStageMatchesGraph(int oh, int ow, int h, int w) {
        StageChecks.assertStageMatchesGraph(new AdaptiveAvgPool2d(oh, ow), new int[] {2, h, w}, 3, 4);
    }

    @Test
    void flattenAndTheWholeC1StackMatchGraph() {
        StageChecks.assertStageMatchesGraph(new Flatten(), new int[] {2, 3, 4}, 3, 1);
        Sequential c1 = Sequential.fromSpec("conv:1:8:3:pad=1,relu,maxpool:2,conv:8:16:3:pad=1,relu,maxpool:2,"
                + "flatten,linear:784:32,relu,linear:32:10", null, 5, new int[] {1, 28, 28});
        StageChecks.assertStageMatchesGraph(c1, new int[] {1, 28, 28}, 9, 2);
    }
}
