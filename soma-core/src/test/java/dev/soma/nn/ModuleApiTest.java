package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module contract every layer shares: names, buffers, state, shapes, the grammar, the default stage. */
class ModuleApiTest {
    /** A module with a buffer and no stage of its own: y = x·scale + shift, counting its training calls. */
    static final class Affine extends Module {
        final Tensor scale = Tensor.full(DType.F32, 2, 3).requiresGrad(true);
        final Tensor calls = Tensor.zeros(DType.F32, 1);

        @Override
        public Tensor forward(Tensor x, boolean training) {
            if (training) {
                calls.setFlat(0, calls.getFlat(0) + 1);
            }
            return x.mul(scale).add(1.0);
        }

        @Override
        protected LinkedHashMap<String, Tensor> ownParameters() {
            LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
            m.put("scale", scale);
            return m;
        }

        @Override
        protected LinkedHashMap<String, Tensor> ownBuffers() {
            LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
            m.put("calls", calls);
            return m;
        }

        @Override
        public String spec() {
            return "affine";
        }
    }

    @Test
    void stateDictHasParametersThenBuffersInTorchOrder() {
        Sequential m = new Sequential(new Linear(3, 3), new Affine(), new Dropout(0.1));
        assertEquals(List.of("0.weight", "0.bias", "1.scale", "1.calls"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.scale"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.calls"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("", "0", "1", "2"), List.copyOf(m.namedModules().keySet()));
        Map<String, Tensor> snap = m.snapshot();
        m.namedBuffers().get("1.calls").fill(5);
        m.loadStateDict(snap);
        assertEquals(0.0, m.namedBuffers().get("1.calls").getFlat(0), "buffers load back too");
        assertEquals("loadStateDict: missing '1.calls' (expected [0.weight, 0.bias, 1.scale, 1.calls])",
                assertThrows(SomaException.class, () -> {
                    Map<String, Tensor> s = m.snapshot();
                    s.remove("1.calls");
                    m.loadStateDict(s);
                }).getMessage());
    }

    @Test
    void aModuleWithoutItsOwnStageRunsItsGraphAsItsStage() {
        Affine a = new Affine();
        StageChecks.assertStageMatchesGraph(a, new int[] {3}, 4, 1);
        Sequential net = new Sequential(new Linear(3, 3), new Affine(), new ActivationLayer(
                dev.soma.kernel.Activation.parse("tanh")), new Linear(3, 2));
        StageChecks.assertStageMatchesGraph(net, new int[] {3}, 5, 2);
    }

    @Test
    void theLayersOwnStagesMatchTheGraph() {
        StageChecks.assertStageMatchesGraph(new Linear(5, 4), new int[] {5}, 3, 1);
        StageChecks.assertStageMatchesGraph(new Linear(1, 4), new int[] {1}, 3, 2);
        StageChecks.assertStageMatchesGraph(new Linear(5, 1), new int[] {5}, 3, 3);
        StageChecks.assertStageMatchesGraph(new Linear(5, 4, false, Initializers.heNormal(),
                new java.util.SplittableRandom(3)), new int[] {5}, 2, 4);
        StageChecks.assertStageMatchesGraph(ActivationLayer.of("gelu"), new int[] {2, 3}, 3, 5);
        StageChecks.assertStageMatchesGraph(new Dropout(0.4, 9), new int[] {6}, 4, 6);
        StageChecks.assertStageMatchesGraph(Sequential.fromSpec("dropout:0.2,linear:6:5,relu,dropout:0.5,linear:5:3",
                null, 7), new int[] {6}, 9, 7);
    }

    @Test
    void freezingAndModesReachEveryDescendant() {
        Sequential inner = Sequential.fromSpec("linear:3:3,relu", null, 1);
        Sequential outer = new Sequential(inner, new Linear(3, 2));
        outer.freeze("0.0.bias");
        assertTrue(outer.isFrozen("0.0.bias"));
        assertEquals(3, outer.trainableParameters().size());
        outer.eval();
        assertTrue(!inner.isTraining() && !inner.layers().get(0).isTraining());
        outer.train(true);
        assertTrue(inner.layers().get(1).isTraining());
    }

    @Test
    void generatorStateIsNamedPerStochasticModule() {
        Sequential m = Sequential.fromSpec("dropout:0.5,linear:4:4,dropout:0.5", null, 1);
        m.seedRng(10);
        m.forward(Tensor.full(DType.F32, 1, 2, 4), true);
        assertEquals(Map.of("0", 1L, "2", 1L), m.rngState());
        Sequential again = Sequential.fromSpec("dropout:0.5,linear:4:4,dropout:0.5", null, 1);
        again.seedRng(10);
        again.setRngState(m.rngState());
        Tensor x = Tensor.full(DType.F32, 1, 3, 4);
        assertArrayEquals(m.forward(x, true).toFloatArray(), again.forward(x, true).toFloatArray(), 0f);
    }

    @Test
    void theGrammarReadsOptionsFlagsAndNesting() {
        LayerToken t = new LayerToken("Conv:1:32:3:pad=1:stride=2:nobias");
        assertEquals("conv", t.name());
        assertEquals(4, t.args(), "a word is positional until the layer declares it a flag");
        assertEquals("layer 'conv:1:32:3:pad=1:stride=2:nobias': unknown option 'stride' (expected one of [pad,"
                + " nobias])", assertThrows(SomaException.class, () -> t.allowOnly("pad", "nobias")).getMessage());
        assertEquals(3, t.args());
        assertEquals(32, t.intArg(1, "out_channels"));
        assertEquals(1, t.intOption("pad", 0));
        assertEquals(2, t.intOption("stride", 1));
        assertEquals(7, t.intOption("dilation", 7));
        assertTrue(t.has("nobias"));
        assertEquals("layer 'conv:1:x': 'x' is not an integer",
                assertThrows(SomaException.class, () -> new LayerToken("conv:1:x").intArg(1, "c")).getMessage());
        LayerToken r = new LayerToken("residual(linear:4:4,relu)");
        assertEquals("residual", r.name());
        assertEquals("linear:4:4,relu", r.inner());
        assertArrayEquals(new String[] {"residual(linear:4:4,relu)", "relu"}, SpecParser.split("residual(linear:4:4,relu),relu"));
        assertEquals("architecture spec 'a(b': 1 '(' not closed",
                assertThrows(SomaException.class, () -> SpecParser.split("a(b")).getMessage());
        assertTrue(SpecParser.factories().keySet().containsAll(List.of("linear", "dense", "dropout", "prelu", "softmax")));
    }

    @Test
    void widthsFollowFromTheInputShapeAndFlatNetworksTakeImagesFlattened() {
        Sequential m = Sequential.fromSpec("dropout:0.1,linear:784:16,relu,linear:10", null, 1, new int[] {1, 28, 28});
        assertEquals("dropout:0.1,linear:784:16,relu,linear:16:10", m.spec());
        assertArrayEquals(new int[] {784}, m.inputShape());
        assertArrayEquals(new int[] {10}, m.outputShape(new int[] {784}));
        assertEquals("layer 'linear:10': expected linear:<in>:<out>",
                assertThrows(SomaException.class, () -> Sequential.fromSpec("linear:10")).getMessage());
        assertNull(new Dropout(0.1).inputShape());
    }

    @Test
    void summaryShowsOutputShapes() {
        Sequential m = Sequential.fromSpec("linear:4:8,relu,linear:8:2", null, 1);
        String s = m.summary();
        assertTrue(s.contains("Linear(4→8)") && s.contains("[N, 8]") && s.contains("[N, 2]")
                && s.contains("Total params: 58"), s);
        assertTrue(new Sequential(new Dropout(0.1), new Affine()).summary(new int[] {2, 3}).contains("[N, 2, 3]"));
    }
}
