package dev.soma.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.soma.SomaException;
import dev.soma.nn.Sequential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What Soma refuses to import, and the one line that says why. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImportErrorsTest {
    /** A model of one float input [batch, 4] through {@code nodes} to {@code out}. */
    static byte[] model(int opset, List<OnnxNode> nodes, String out, Map<String, OnnxTensor> inits) {
        LinkedHashMap<String, long[]> in = new LinkedHashMap<>();
        in.put("input", new long[] {-1, 4});
        LinkedHashMap<String, long[]> outs = new LinkedHashMap<>();
        outs.put(out, new long[] {-1, 4});
        return ModelEncoder.encode(new OnnxModel(8, opset, "test", "", nodes, new LinkedHashMap<>(inits), in, outs,
                Map.of()));
    }

    static OnnxNode node(String name, String op, List<String> in, String out, Map<String, Object> attrs) {
        return new OnnxNode(name, op, "", in, List.of(out), attrs);
    }

    private static String refusal(byte[] onnx) {
        return assertThrows(SomaException.class, () -> Onnx.load(onnx, "m.onnx")).getMessage();
    }

    @Test
    void unsupportedOperatorNamesTheOperatorTheNodeAndTheOpset() {
        byte[] onnx = model(23, List.of(node("Relu_1", "Relu", List.of("input"), "h", Map.of()),
                node("Attention_3", "Attention", List.of("h", "h", "h"), "y", Map.of())), "y", Map.of());
        assertEquals("m.onnx: node 'Attention_3' uses operator Attention (opset 23), which Soma cannot import",
                refusal(onnx));
        byte[] custom = model(17, List.of(new OnnxNode("f", "FusedGemm", "com.microsoft", List.of("input"),
                List.of("y"), Map.of())), "y", Map.of());
        assertEquals("m.onnx: node 'f' uses operator com.microsoft.FusedGemm (opset 17), which Soma cannot import",
                refusal(custom));
    }

    @Test
    void layerSettingsSomaCannotExpress() {
        Map<String, OnnxTensor> w = Map.of("w", new OnnxTensor("w", new long[] {2, 4, 3, 3}, new float[72], null));
        byte[] onnx = model(17, List.of(node("pool", "MaxPool", List.of("input"), "y", Map.of("kernel_shape",
                new long[] {2, 3}))), "y", w);
        assertEquals("m.onnx: node 'pool' (MaxPool, opset 17): kernel [2, 3]; Soma's 2-d layers take one positive "
                + "kernel for both axes", refusal(onnx));
        byte[] gemm = model(17, List.of(node("g", "Gemm", List.of("input", "input"), "y", Map.of())), "y", Map.of());
        assertEquals("m.onnx: node 'g' (Gemm, opset 17): its weight (input 1) is not a constant; Soma imports fixed "
                + "weights only", refusal(gemm));
    }

    @Test
    void gatherThatIsNotAnEmbedding() {
        Map<String, OnnxTensor> w = Map.of("w", new OnnxTensor("w", new long[] {5, 3}, new float[15], null));
        OnnxNode cast = node("c", "Cast", List.of("input"), "i", Map.of("to", 7L));
        byte[] columns = model(17, List.of(cast, node("g", "Gather", List.of("w", "i"), "y", Map.of("axis", 1L))), "y",
                w);
        assertEquals("m.onnx: node 'g' (Gather, opset 17): axis 1; Soma's Embedding gathers rows of its table (axis 0)",
                refusal(columns));
        byte[] computed = model(17, List.of(cast, node("g", "Gather", List.of("t", "i"), "y", Map.of())), "y",
                Map.of());
        assertEquals("m.onnx: node 'g' (Gather, opset 17): its table (input 0) is not a constant; Soma imports fixed "
                + "weights only", refusal(computed));
        Map<String, OnnxTensor> flat = Map.of("w", new OnnxTensor("w", new long[] {15}, new float[15], null));
        byte[] vector = model(17, List.of(cast, node("g", "Gather", List.of("w", "i"), "y", Map.of())), "y", flat);
        assertEquals("m.onnx: node 'g' (Gather, opset 17): the table has shape [15]; Soma's Embedding takes "
                + "[num_embeddings > 0, embedding_dim > 0]", refusal(vector));
    }

    @Test
    void branchesAndDisconnectedOutputs() {
        byte[] two = model(17, List.of(node("a", "Relu", List.of("input"), "h", Map.of()),
                node("b", "Tanh", List.of("input"), "y", Map.of()), node("c", "Mul", List.of("h", "y"), "z", Map.of())),
                "z", Map.of());
        assertEquals("m.onnx: value 'input' feeds 2 nodes (a: Relu, b: Tanh), a branching Soma cannot import",
                refusal(two));
        byte[] nowhere = model(17, List.of(node("a", "Relu", List.of("input"), "h", Map.of())), "y", Map.of());
        assertEquals("m.onnx: value 'h' leads nowhere: the graph's output 'y' is not reached from its input through a "
                + "chain of layers", refusal(nowhere));
    }

    @Test
    void inputShapesMustBeFixedAndBounded() {
        LinkedHashMap<String, long[]> in = new LinkedHashMap<>();
        in.put("input", new long[] {-1, 1 << 20, 1 << 20});
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        out.put("y", new long[] {-1, 4});
        List<OnnxNode> relu = List.of(node("r", "Relu", List.of("input"), "y", Map.of()));
        byte[] big = ModelEncoder.encode(new OnnxModel(8, 17, "t", "", relu, new LinkedHashMap<>(), in, out, Map.of()));
        assertEquals("m.onnx: input 'input' has examples of shape [-1, 1048576, 1048576], more than 268435456 values "
                + "each", refusal(big));
        in.put("input", new long[] {-1, -1});
        byte[] dynamic = ModelEncoder.encode(new OnnxModel(8, 17, "t", "", relu, new LinkedHashMap<>(), in, out,
                Map.of()));
        assertEquals("m.onnx: input 'input' has dimension 1 of unknown size; Soma needs fixed example shapes (only "
                + "the batch dimension may vary)", refusal(dynamic));
    }

    @Test
    void externalDataIsRefused() {
        ByteString t = ModelEncoder.message(w -> {
            w.writeByteArray(1, new byte[] {4}); // dims [4], packed
            w.writeInt64(2, 1);
            w.writeString(8, "w");
            w.writeBytes(13, ModelEncoder.message(e -> {
                e.writeString(1, "location");
                e.writeString(2, "/etc/passwd");
            }));
            w.writeInt64(14, 1);
        });
        byte[] onnx = ModelEncoder.message(m -> {
            m.writeInt64(1, 8);
            m.writeBytes(7, ModelEncoder.message(g -> g.writeBytes(5, t)));
            m.writeBytes(8, ModelEncoder.message(o -> {
                o.writeString(1, "");
                o.writeInt64(2, 17);
            }));
        }).toByteArray();
        assertEquals("m.onnx: tensor 'w' refers to external data, which Soma does not read (save the model with its "
                + "weights inside the file)", refusal(onnx));
    }

    @Test
    void notAnOnnxFile() {
        assertEquals("m.onnx: empty file, not an ONNX model", refusal(new byte[0]));
        String text = refusal("hello, world\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(true, text.startsWith("m.onnx: "), text);
        byte[] good = Onnx.toBytes(Sequential.fromSpec("linear:4:3", null, 1, new int[] {4}), ExportOptions.defaults());
        String cut = refusal(java.util.Arrays.copyOf(good, good.length / 2));
        assertEquals(true, cut.startsWith("m.onnx"), cut);
    }

    @Test
    void malformedWireDataNamesTheMessageTheByteAndTheField() {
        assertEquals("m.onnx: malformed protobuf at byte 1: field number 0 is invalid", refusal(new byte[] {0}));
        assertEquals("m.onnx: malformed protobuf at byte 2: truncated varint in field 1",
                refusal(new byte[] {0x08, (byte) 0x80}));
        byte[] eleven = new byte[13];
        java.util.Arrays.fill(eleven, (byte) 0x80);
        eleven[0] = 0x08;
        eleven[12] = 1;
        assertEquals("m.onnx: malformed protobuf at byte 11: varint in field 1 longer than 10 bytes", refusal(eleven));
        assertEquals("m.onnx: malformed protobuf at byte 2: field 7 claims 5 bytes, only 1 remain",
                refusal(new byte[] {0x3a, 5, 0x0a}));
        // inside the graph (field 7): field 1 with wire type 3, a group
        assertEquals("m.onnx graph: malformed protobuf at byte 3: field 1 has wire type 3 (groups or an invalid type)",
                refusal(new byte[] {0x3a, 2, 0x0b, 0}));
        // a node (graph field 1) whose op_type (field 4) is a varint
        assertEquals("m.onnx node 0: malformed protobuf at byte 5: field 4 has wire type 0, expected 2",
                refusal(new byte[] {0x3a, 4, 0x0a, 2, 0x20, 1}));
    }

    @Test
    void tensorDataMustMatchItsDimensions() {
        Map<String, OnnxTensor> w = Map.of("w", new OnnxTensor("w", new long[] {3, 4}, new float[12], null));
        byte[] good = model(17, List.of(node("g", "Gemm", List.of("input", "w"), "y", Map.of("transB", 1L))), "y", w);
        // the dims [3, 4] are packed as 0a 02 03 04; claim [3, 5] instead
        byte[] bad = good.clone();
        for (int i = 0; i + 3 < bad.length; i++) {
            if (bad[i] == 0x0a && bad[i + 1] == 2 && bad[i + 2] == 3 && bad[i + 3] == 4) {
                bad[i + 3] = 5;
            }
        }
        assertEquals("m.onnx: tensor 'w' has 48 bytes, expected 60 for 15 float32 elements", refusal(bad));
    }
}
