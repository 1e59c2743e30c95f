package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import dev.soma.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ONNX nodes the normalization, embedding and residual layers write (operator types and attributes). */
class NormLayersExportTest {
    /** Records nodes as "Op(inputs){attributes}" and constants by name. */
    static final class Recorder implements ExportGraph {
        final List<String> nodes = new ArrayList<>();
        final Map<String, Tensor> constants = new LinkedHashMap<>();

        @Override
        public String constant(String baseName, Tensor value) {
            String name = baseName + constants.size();
            constants.put(name, value.copy());
            return name;
        }

        @Override
        public String constantInts(String baseName, long[] values, int... shape) {
            return constant(baseName, Tensor.zeros(values.length));
        }

        @Override
        public String node(String opType, List<String> inputs, Map<String, Object> attributes) {
            StringBuilder a = new StringBuilder();
            new java.util.TreeMap<>(attributes).forEach((k, v) -> a.append(a.length() == 0 ? "" : ",").append(k)
                    .append('=').append(v));
            String out = "t" + nodes.size();
            nodes.add(out + "=" + opType + "(" + String.join(",", inputs) + "){" + a + "}");
            return out;
        }

        @Override
        public int opset() {
            return 17;
        }
    }

    @Test
    void nodes() {
        Sequential net = Sequential.fromSpec("batchnorm2d:2:momentum=0.2,dropout2d:0.5,residual(layernorm:2:3:3),"
                + "batchnorm2d:2:noaffine", null, 1, new int[] {2, 3, 3});
        Recorder g = new Recorder();
        String out = net.export(g, "x", new int[] {2, 3, 3});
        assertEquals(List.of(
                "t0=BatchNormalization(x,scale0,bias1,running_mean2,running_var3){epsilon=1.0E-5,momentum=0.8}",
                "t1=LayerNormalization(t0,scale4,bias5){axis=-3,epsilon=1.0E-5}",
                "t2=Add(t0,t1){}",
                "t3=BatchNormalization(t2,scale6,bias7,running_mean8,running_var9){epsilon=1.0E-5,momentum=0.9}"),
                g.nodes);
        assertEquals("t3", out);
        assertArrayEquals(new float[] {1, 1}, g.constants.get("scale6").toFloatArray(), 0f);
        assertArrayEquals(new float[] {0, 0}, g.constants.get("bias7").toFloatArray(), 0f);
    }

    @Test
    void embeddingCastsTheIndicesAndGathers() {
        Recorder g = new Recorder();
        new Embedding(5, 3, 1).export(g, "x", new int[] {4});
        assertEquals(List.of("t0=Cast(x){to=7}", "t1=Gather(weight0,t0){axis=0}"), g.nodes);
    }

    @Test
    void batchNormWithoutRunningStatisticsIsRefused() {
        assertEquals("BatchNorm1d(3, track_running_stats=False) cannot be exported: without running statistics it "
                + "normalizes by the batch's statistics in evaluation too", assertThrows(SomaException.class,
                () -> new dev.soma.nn.norm.BatchNorm1d(3, 1e-5, 0.1, true, false).export(new Recorder(), "x",
                        new int[] {3})).getMessage());
    }
}
