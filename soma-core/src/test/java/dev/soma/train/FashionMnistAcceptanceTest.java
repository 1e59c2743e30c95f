package dev.soma.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.DataSplit;
import dev.soma.data.FashionMnist;
import dev.soma.kernel.KernelProvider;
import dev.soma.kernel.Kernels;
import dev.soma.nn.Mlp;
import dev.soma.nn.Sequential;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the networks-and-training issue: an MLP 784-256-128-10 (ReLU, He init) trained with Adam
 * 1e-3, batch 128, for 5 epochs on Fashion-MNIST, inputs standardized per pixel with the mean/std of the training
 * images, reaches what the reference libraries reach with this recipe.
 *
 * <p>A single run moves by ±0.004 with the seed (seeds 1, 2, 3, 42: 0.8793, 0.8865, 0.8805, 0.8787), and the
 * kernels' summation order moves it by a few thousandths too (the OpenBLAS provider, seeds 1–3: mean 0.8785), so one
 * run against 0.88 (the mean of three SIMD seeds was 0.8821, 0.002 above) is not a claim. The peers on this recipe:
 * PyTorch 1.13 standardized, seed 1: 0.8818; with pixels /255 numpy 0.8747–0.8752 and PyTorch 0.8680 (docs/
 * PERFORMANCE.md). So the test trains five seeds and asserts a mean of at least 0.875 — the numpy reference's level,
 * 0.007 below Soma's own mean and above every peer's number but PyTorch's standardized single run — and no seed below
 * 0.865 (two and a half times the seed spread below that level). Measured (SIMD kernels, JDK 17): seeds 1–5 give
 * 0.8793, 0.8865, 0.8805, 0.8851, 0.8808, mean 0.8824. Needs the Debian package dataset-fashion-mnist (skipped
 * without it); about two minutes on two cores.
 *
 * <p>The test pins the pure-Java SIMD kernels (it does not take whatever provider the machine offers), so the
 * outcome depends on the code under test, not on the machine's libraries.
 */
class FashionMnistAcceptanceTest {
    @Test
    void mlpReachesTheReferenceAccuracyInFiveEpochs() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(), "Fashion-MNIST is not installed; " + FashionMnist.INSTALL_HINT);
        Kernels simd = KernelProvider.simdOrNull();
        Assumptions.assumeTrue(simd != null, "the SIMD kernels are unavailable: " + KernelProvider.simdUnavailableReason());
        Kernels before = KernelProvider.set(simd);
        try {
            trainFiveSeeds();
        } finally {
            KernelProvider.set(before);
        }
    }

    static final int SEEDS = 5;
    static final double MEAN_AT_LEAST = 0.875;
    static final double EACH_AT_LEAST = 0.865;

    private static void trainFiveSeeds() {
        DataSplit data = FashionMnist.open();
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        double sum = 0;
        StringBuilder report = new StringBuilder();
        for (long seed = 1; seed <= SEEDS; seed++) {
            Sequential model = Mlp.builder().input(784).hidden(256, 128).activation("relu").output(10)
                    .init("he").seed(seed).build();
            Trainer trainer = new Trainer(new TrainConfig().optimizer("adam").lr(1e-3).batchSize(128).epochs(5)
                    .seed(seed).standardize(true));
            History h = trainer.fit(model, data.train(), null);
            ClassificationReport test = Evaluation.classification(model, data.test(), null, trainer.standardizer()::apply);
            report.append(String.format("seed %d: train loss %.4f, test accuracy %.4f%n", seed, h.last().trainLoss(),
                    test.accuracy()));
            assertEquals(5, h.size());
            assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss());
            assertTrue(test.accuracy() >= EACH_AT_LEAST, report.toString());
            sum += test.accuracy();
        }
        report.append(String.format("mean of %d seeds: %.4f%n", SEEDS, sum / SEEDS));
        System.out.print(report);
        assertTrue(sum / SEEDS >= MEAN_AT_LEAST, "mean test accuracy " + sum / SEEDS + "\n" + report);
    }
}
