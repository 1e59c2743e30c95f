package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ONNX nodes Linear, the activations, PReLU, Softmax and Dropout write (soma-onnx runs them in ONNX Runtime). */
class LayerExportTest {
    private static List<String> nodes(String spec, int[] shape) {
        NormLayersExportTest.Recorder g = new NormLayersExportTest.Recorder();
        Sequential.fromSpec(spec, null, 1, shape).export(g, "x", shape);
        return g.nodes;
    }

    @Test
    void linearIsGemmWithTheWeightTransposed() {
        NormLayersExportTest.Recorder g = new NormLayersExportTest.Recorder();
        Linear l = new Linear(3, 2);
        assertEquals("t0", l.export(g, "x", new int[] {3}));
        assertEquals(List.of("t0=Gemm(x,weight0,bias1){transB=1}"), g.nodes);
        assertArrayEquals(l.weight().toFloatArray(), g.constants.get("weight0").toFloatArray(), 0f);
        assertEquals(List.of("t0=Gemm(x,weight0){transB=1}"), nodes("linear:3:2:nobias", new int[] {3}));
        assertThrows(SomaException.class, () -> l.export(new NormLayersExportTest.Recorder(), "x", new int[] {4}));
    }

    @Test
    void nativeActivations() {
        assertEquals(List.of("t0=Relu(x){}", "t1=LeakyRelu(t0){alpha=0.2}", "t2=Elu(t1){alpha=0.5}",
                "t3=Selu(t2){alpha=1.6732632423543772,gamma=1.0507009873554805}", "t4=Sigmoid(t3){}", "t5=Tanh(t4){}",
                "t6=Softplus(t5){}", "t7=Atan(t6){}", "t8=PRelu(t7,slope0){}", "t9=Softmax(t8){axis=1}"),
                nodes("relu,leaky_relu:0.2,elu:0.5,selu,sigmoid,tanh,softplus,arctan,prelu,softmax", new int[] {4}));
    }

    @Test
    void composedActivationsAndTheIdentities() {
        assertEquals(List.of("t0=Sigmoid(x){}", "t1=Mul(x,t0){}"), nodes("silu", new int[] {4}));
        assertEquals(List.of("t0=Div(x,sqrt20){}", "t1=Erf(t0){}", "t2=Add(t1,one1){}", "t3=Mul(x,t2){}",
                "t4=Mul(t3,half2){}"), nodes("gelu", new int[] {4}));
        assertEquals(List.of("t0=Clip(x,min0,max1){}", "t1=Abs(t0){}", "t2=Mul(t0,t1){}", "t3=Mul(t2,quarter2){}",
                "t4=Sub(t0,t3){}"), nodes("sqnl", new int[] {4}));
        assertEquals(List.of(), nodes("identity,dropout:0.5", new int[] {4}));
    }
}
