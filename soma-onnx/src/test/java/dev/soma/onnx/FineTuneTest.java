package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.data.ArrayDataset;
import dev.soma.train.History;
import dev.soma.train.TrainConfig;
import dev.soma.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An imported model trains like any Soma model: torch's exported MLP (11 activations, batch norm, residual) learns a seeded task. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FineTuneTest {
    @Test
    void importedTorchModelTrains() throws IOException {
        byte[] onnx;
        try (InputStream in = FineTuneTest.class.getResourceAsStream("torch_mlp.onnx")) {
            onnx = in.readAllBytes();
        }
        ImportedModel m = Onnx.load(onnx, "torch_mlp.onnx");
        // a learnable task on the model's 6 inputs: the class is the largest of the first 4 features
        SplittableRandom rng = new SplittableRandom(3);
        int n = 512;
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) (rng.nextDouble() * 2 - 1);
            }
            for (int j = 1; j < 4; j++) {
                y[i] = x[i * 6 + j] > x[i * 6 + y[i]] ? j : y[i];
            }
        }
        ArrayDataset data = ArrayDataset.classification("argmax", x, 6, y, 4, List.of("0", "1", "2", "3"));
        History h = new Trainer(new TrainConfig().optimizer("adam").lr(3e-3).batchSize(32).epochs(8).seed(1))
                .fit(m.model(), data, null);
        double first = h.epochs().get(0).trainLoss();
        double last = h.last().trainLoss();
        assertTrue(last < 0.7 * first, "training loss " + first + " → " + last);
    }
}
