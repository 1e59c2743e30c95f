package dev.soma.optim;

import dev.soma.SomaException;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** Creates optimizers by name. */
public final class Optimizers {
    /** Names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw",
            "adagrad", "nadam");

    private Optimizers() {
    }

    /**
     * "sgd" (momentum from the config), "momentum" (SGD, μ = 0.9 unless set), "nesterov" (SGD with Nesterov momentum,
     * μ = 0.9 unless set), "rmsprop", "adam", "adamw", "adagrad", "nadam".
     */
    public static Optimizer create(String name, List<Tensor> params, OptimizerConfig cfg) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "sgd": case "gd": return new Sgd(params, cfg);
            case "momentum": return new Sgd(params, withMomentum(cfg, false));
            case "nesterov": return new Sgd(params, withMomentum(cfg, true));
            case "rmsprop": return new RmsProp(params, cfg);
            case "adam": return new Adam(params, cfg, false);
            case "adamw": return new Adam(params, cfg, true);
            case "adagrad": return new Adagrad(params, cfg);
            case "nadam": return new Nadam(params, cfg);
            default:
                throw new SomaException("unknown optimizer '" + name + "'; expected one of " + NAMES);
        }
    }

    private static OptimizerConfig withMomentum(OptimizerConfig cfg, boolean nesterov) {
        OptimizerConfig c = cfg.copy();
        if (c.momentum == 0) {
            c.momentum(0.9);
        }
        return c.nesterov(nesterov);
    }
}
