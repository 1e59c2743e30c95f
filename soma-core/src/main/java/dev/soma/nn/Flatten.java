package dev.soma.nn;

import dev.soma.tensor.Shapes;
import dev.soma.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Flattens each example to one dimension, as torch.nn.Flatten() (start_dim 1): [N, C, H, W] → [N, C·H·W], the
 * values in the same row-major order. No parameters; in memory nothing moves (the compiled stage passes its input
 * buffer through).
 *
 * <p>Example: after {@code conv:32:64:3:pad=1,relu,maxpool:2} on 14×14 inputs, {@code flatten} gives 3136 values per
 * example for {@code linear:3136:128}.
 */
public final class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return x.rank() == 2 ? x : x.reshape(x.size(0), -1);
    }

    @Override
    public int[] outputShape(int[] in) {
        return new int[] {Shapes.numel(in)};
    }

    @Override
    public Stage compile(StageSpec spec) {
        return new IdentityStage(spec.inputGrad());
    }

    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        return g.node("Flatten", List.of(input), Map.of("axis", 1L));
    }

    @Override
    public String spec() {
        return "flatten";
    }

    @Override
    public String describe() {
        return "Flatten()";
    }

    /** Reads {@code flatten}. */
    public static final class Spec implements LayerFactory {
        @Override
        public List<String> names() {
            return List.of("flatten");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly();
            if (t.args() > 0) {
                throw t.error("flatten takes no arguments (it flattens everything after the batch dimension)");
            }
            return new Flatten();
        }

        @Override
        public boolean passesActivation() {
            return true;
        }
    }
}
