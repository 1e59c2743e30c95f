package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.nn.Sequential;
import dev.soma.train.ModelInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A binary classifier has one output for two classes (a logit, or a probability after a sigmoid): its ONNX
 * {@code probabilities} is the second class's probability, and it imports back with both class names.
 */
class BinaryClassifierExportTest {
    static final int[] SHAPE = {3};

    @Test
    void oneLogitGivesTheSigmoidAsProbability() {
        Sequential net = Models.random("linear:3:5,tanh,linear:5:1", SHAPE, 41);
        byte[] file = Onnx.toBytes(net, ExportOptions.defaults()
                .withInfo(ModelInfo.classification(List.of("no", "yes")).withInputShape(SHAPE)).withProbabilities(true));
        float[] x = Models.inputs(9, SHAPE, 2, 43);
        float[] logits = Models.predict(net, x, 9, SHAPE);
        float[] p = Ort.run(file, "probabilities", x, Models.batchShape(9, SHAPE));
        assertEquals(9, p.length);
        for (int i = 0; i < p.length; i++) {
            double want = 1 / (1 + Math.exp(-logits[i]));
            assertEquals(want, p[i], 1e-6, "example " + i);
            assertTrue(p[i] > 0 && p[i] < 1, "a probability, not softmax's constant 1: " + p[i]);
        }
        ImportedModel back = Onnx.load(file, "binary.onnx");
        assertEquals(List.of("no", "yes"), back.info().classNames());
        assertArrayEquals(logits, Models.predict(back.model(), x, 9, SHAPE), 0f);
    }

    @Test
    void aSigmoidOutputIsItsOwnProbability() {
        Sequential net = Models.random("linear:3:4,relu,linear:4:1,sigmoid", SHAPE, 47);
        byte[] file = Onnx.toBytes(net, ExportOptions.defaults()
                .withInfo(ModelInfo.classification(List.of("0", "1")).withInputShape(SHAPE)).withProbabilities(true));
        float[] x = Models.inputs(5, SHAPE, 2, 53);
        assertArrayEquals(Models.predict(net, x, 5, SHAPE),
                Ort.run(file, "probabilities", x, Models.batchShape(5, SHAPE)), 1e-6f);
        assertEquals(List.of("0", "1"), Onnx.load(file, "binary.onnx").info().classNames());
    }
}
