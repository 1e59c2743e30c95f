package dev.soma.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import dev.soma.train.TorchRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Eight steps of every optimizer on f(θ) = Σ cᵢ(θᵢ − dᵢ)² + 0.1·Σθᵢ⁴ (float64), compared with torch.optim run by
 * /usr/bin/python3 on the same problem. Skipped when python3 lacks torch.
 *
 * <p>NAdam is compared only with PyTorch ≥ 2.0: before, torch's single-tensor NAdam computed
 * μ-product-next as Π_t·μ_t·μ_{t+1} (μ_t counted twice), a bug fixed by pytorch/pytorch#92699; Soma follows the
 * fixed rule, checked by hand in {@link OptimizerStepTest#nadam()}.
 */
class TorchOptimizerParityTest {
    static final double[] THETA = {1.5, -0.7, 0.2, 2.5, -1.9};
    static final double[] C = {1.0, 0.5, 2.0, 0.1, 1.5};
    static final double[] D = {0.3, -0.2, 1.0, -1.0, 0.5};
    static final int STEPS = 8;

    static final String SCRIPT = String.join("\n",
            "import torch, sys",
            "th0 = [1.5, -0.7, 0.2, 2.5, -1.9]; c = torch.tensor([1.0, 0.5, 2.0, 0.1, 1.5], dtype=torch.float64)",
            "d = torch.tensor([0.3, -0.2, 1.0, -1.0, 0.5], dtype=torch.float64)",
            "O = torch.optim",
            "configs = {",
            " 'sgd': lambda p: O.SGD(p, lr=0.05),",
            " 'momentum': lambda p: O.SGD(p, lr=0.05, momentum=0.9, dampening=0.1),",
            " 'nesterov': lambda p: O.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),",
            " 'rmsprop': lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, weight_decay=0.01),",
            " 'adam': lambda p: O.Adam(p, lr=0.05, weight_decay=0.01),",
            " 'adamw': lambda p: O.AdamW(p, lr=0.05, weight_decay=0.1),",
            " 'adagrad': lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),",
            " 'nadam': lambda p: O.NAdam(p, lr=0.05, weight_decay=0.01),",
            "}",
            "print('version', torch.__version__.split('.')[0])",
            "for name, make in configs.items():",
            "    th = torch.tensor(th0, dtype=torch.float64, requires_grad=True)",
            "    opt = make([th])",
            "    for _ in range(8):",
            "        opt.zero_grad()",
            "        (c * (th - d) ** 2 + 0.1 * th ** 4).sum().backward()",
            "        opt.step()",
            "    print(name, ' '.join(repr(v) for v in th.detach().tolist()))",
            "");

    static Map<String, OptimizerConfig> configs() {
        Map<String, OptimizerConfig> m = new LinkedHashMap<>();
        m.put("sgd", new OptimizerConfig().lr(0.05));
        m.put("momentum", new OptimizerConfig().lr(0.05).momentum(0.9).dampening(0.1));
        m.put("nesterov", new OptimizerConfig().lr(0.05).momentum(0.9).weightDecay(0.01));
        m.put("rmsprop", new OptimizerConfig().lr(0.01).momentum(0.5).weightDecay(0.01));
        m.put("adam", new OptimizerConfig().lr(0.05).weightDecay(0.01));
        m.put("adamw", new OptimizerConfig().lr(0.05).weightDecay(0.1));
        m.put("adagrad", new OptimizerConfig().lr(0.1).lrDecay(0.01).weightDecay(0.01).initialAccumulator(0.1));
        m.put("nadam", new OptimizerConfig().lr(0.05).weightDecay(0.01));
        return m;
    }

    static double[] soma(String name, OptimizerConfig cfg, DType dtype) {
        Tensor p = Tensor.of(THETA.clone(), THETA.length).to(dtype).requiresGrad(true);
        Optimizer opt = Optimizers.create(name, List.of(p), cfg);
        for (int s = 0; s < STEPS; s++) {
            double[] th = p.toDoubleArray();
            double[] g = new double[th.length];
            for (int i = 0; i < th.length; i++) {
                g[i] = 2 * C[i] * (th[i] - D[i]) + 0.4 * th[i] * th[i] * th[i];
            }
            p.setGrad(Tensor.of(g, g.length).to(dtype));
            opt.step();
        }
        return p.toDoubleArray();
    }

    @Test
    void everyOptimizerMatchesTorchOverEightSteps() {
        Assumptions.assumeTrue(TorchRunner.available(), "/usr/bin/python3 with torch is not installed");
        String out = TorchRunner.run(SCRIPT);
        Map<String, OptimizerConfig> cfgs = configs();
        int seen = 0;
        int major = 0;
        for (String line : out.trim().split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals("version")) {
                major = Integer.parseInt(parts[1]);
                continue;
            }
            if (parts[0].equals("nadam") && major < 2) {
                seen++;
                continue;
            }
            double[] expected = new double[parts.length - 1];
            for (int i = 1; i < parts.length; i++) {
                expected[i - 1] = Double.parseDouble(parts[i]);
            }
            assertArrayEquals(expected, soma(parts[0], cfgs.get(parts[0]), DType.F64), 1e-12, parts[0]);
            // float32 parameters, float32 update arithmetic: within float rounding of the float64 trajectory
            assertArrayEquals(expected, soma(parts[0], cfgs.get(parts[0]), DType.F32), 2e-5, parts[0] + " float32");
            seen++;
        }
        org.junit.jupiter.api.Assertions.assertEquals(cfgs.size(), seen);
    }
}
