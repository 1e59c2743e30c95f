package dev.soma.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.soma.kernel.Activation;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Optimizers;
import dev.soma.optim.OptimizerConfig;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Matt Mazur's step-by-step back-propagation example: a 2-2-2 sigmoid network, inputs (0.05, 0.10), targets
 * (0.01, 0.99), squared error Σ½(t − o)² (= MSE over the two outputs for one example), learning rate 0.5.
 */
class MazurExampleTest {
    static Sequential network(DType dtype) {
        Linear hidden = new Linear(2, 2);
        Linear output = new Linear(2, 2);
        Sequential net = new Sequential(hidden, new ActivationLayer(Activation.sigmoid()), output,
                new ActivationLayer(Activation.sigmoid()));
        net.to(dtype);
        net.loadStateDict(java.util.Map.of(
                "0.weight", Tensor.matrix(new double[][] {{0.15, 0.20}, {0.25, 0.30}}),
                "0.bias", Tensor.of(new double[] {0.35, 0.35}, 2),
                "2.weight", Tensor.matrix(new double[][] {{0.40, 0.45}, {0.50, 0.55}}),
                "2.bias", Tensor.of(new double[] {0.60, 0.60}, 2)));
        return net;
    }

    static final Tensor X = Tensor.of(new double[] {0.05, 0.10}, 1, 2);
    static final Tensor Y = Tensor.of(new double[] {0.01, 0.99}, 1, 2);

    @Test
    void forwardPassMatchesTheTutorial() {
        Sequential net = network(DType.F64);
        Tensor hidden = new Sequential(net.layers().get(0), net.layers().get(1)).predict(X);
        assertEquals(0.593269992, hidden.get(0, 0), 1e-9);
        assertEquals(0.596884378, hidden.get(0, 1), 1e-9);
        Tensor out = net.predict(X);
        assertEquals(0.75136507, out.get(0, 0), 1e-8);
        assertEquals(0.772928465, out.get(0, 1), 1e-9);
        assertEquals(0.298371109, Losses.mse().compute(out, Y).item(), 1e-9);
    }

    @Test
    void oneStepMatchesTheTutorial() {
        Sequential net = network(DType.F64);
        Optimizer sgd = Optimizers.create("sgd", net.parameters(), new OptimizerConfig().lr(0.5));
        Tensor loss = Losses.mse().compute(net.forward(X), Y);
        loss.backward();
        Tensor w2 = net.stateDict().get("2.weight");
        assertEquals(0.082167041, w2.grad().get(0, 0), 1e-9);
        sgd.step();
        assertEquals(0.35891648, w2.get(0, 0), 1e-8);
        assertEquals(0.408666186, w2.get(0, 1), 1e-9);
        assertEquals(0.511301270, w2.get(1, 0), 1e-9);
        assertEquals(0.561370121, w2.get(1, 1), 1e-9);
        Tensor w1 = net.stateDict().get("0.weight");
        assertEquals(0.149780716, w1.get(0, 0), 1e-9);
        assertEquals(0.19956143, w1.get(0, 1), 1e-8);
        assertEquals(0.24975114, w1.get(1, 0), 1e-8);
        assertEquals(0.29950229, w1.get(1, 1), 1e-8);
    }

    static double train(Sequential net, int steps) {
        Optimizer sgd = Optimizers.create("sgd", net.parameters(), new OptimizerConfig().lr(0.5));
        for (int i = 0; i < steps; i++) {
            sgd.zeroGrad();
            Losses.mse().compute(net.forward(X), Y).backward();
            sgd.step();
        }
        return Losses.mse().compute(net.predict(X), Y).item();
    }

    @Test
    void tenThousandStepsWithFrozenBiases() {
        Sequential net = network(DType.F64).freeze("0.bias").freeze("2.bias");
        double e = train(net, 10_000);
        assertEquals(3.51e-5, e, 0.005e-5);
        assertEquals(0.35, net.stateDict().get("0.bias").get(0), 0.0);
    }

    @Test
    void tenThousandStepsWithBiasesTrained() {
        Sequential net = network(DType.F64);
        double e = train(net, 10_000);
        assertEquals(2.45e-6, e, 0.005e-6);
    }

    @Test
    void float32GivesTheSameNumbers() {
        Sequential net = network(DType.F32);
        Tensor out = net.predict(X);
        assertEquals(0.75136507, out.get(0, 0), 1e-6);
        assertEquals(0.298371109, Losses.mse().compute(out, Y.to(DType.F32)).item(), 1e-6);
    }
}
