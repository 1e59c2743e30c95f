package dev.soma.nn;

import dev.soma.SomaException;
import dev.soma.autograd.EmbeddingLookup;
import dev.soma.kernel.EmbeddingKernels;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;

/**
 * A lookup table of learned vectors, as torch.nn.Embedding: each input value is an index (a whole number held as a
 * float, e.g. a categorical CSV column coded 0, 1, 2, …) and is replaced by row {@code index} of {@code weight}
 * [num_embeddings, embedding_dim]. The weight starts as N(0, 1) draws, as torch's; with padding_idx that row starts
 * at zero and gets no gradient.
 *
 * <p>Args: num_embeddings, embedding_dim, padding_idx (optional). An index outside [0, num_embeddings) or not a
 * whole number is an error naming the value and the row: {@code Embedding(10, 4): index 12 at row 3, position 1 is
 * out of range [0, 10)}.
 *
 * <p>Shape: input [N, *] (e.g. [N, F] for F categorical features); output [N, *, embedding_dim].
 *
 * <p>Example: {@code embedding:10:4,flatten,linear:24:1} for 6 categorical columns with 10 values each.
 */
public final class Embedding extends Module {
    private final int num;
    private final int dim;
    private final int paddingIdx;
    private Tensor weight;

    /** A table of {@code num} vectors of {@code dim} values drawn from N(0, 1) with {@code seed}, no padding. */
    public Embedding(int num, int dim, long seed) {
        this(num, dim, null, new SplittableRandom(seed));
    }

    /** The general constructor; {@code paddingIdx} null for none (a negative one counts from the end, as torch). */
    public Embedding(int num, int dim, Integer paddingIdx, SplittableRandom rng) {
        if (num <= 0 || dim <= 0) {
            throw new SomaException("Embedding: num_embeddings and embedding_dim must be positive, got " + num + " and "
                    + dim);
        }
        int pad = paddingIdx == null ? -1 : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        if (paddingIdx != null && (pad < 0 || pad >= num)) {
            throw new SomaException("Embedding(" + num + ", " + dim + "): padding_idx must be in [-" + num + ", " + num
                    + "), got " + paddingIdx);
        }
        this.num = num;
        this.dim = dim;
        this.paddingIdx = pad;
        this.weight = Tensor.randn(DType.F32, rng, num, dim).requiresGrad(true);
        if (pad >= 0) {
            java.util.Arrays.fill(weight.floats(), pad * dim, (pad + 1) * dim, 0f);
        }
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.rank() < 1) {
            throw new SomaException(describe() + " expects a batch of indices [N, *], got a scalar");
        }
        int perRow = x.size(0) == 0 ? 1 : x.numel() / x.size(0);
        return EmbeddingLookup.apply(x, weight, paddingIdx, perRow, describe());
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] out = java.util.Arrays.copyOf(in, in.length + 1);
        out[in.length] = dim;
        return out;
    }

    @Override
    public Stage compile(StageSpec spec) {
        if (weight.dtype() != DType.F32 || !weight.isContiguous() || weight.offset() != 0) {
            return super.compile(spec);
        }
        return new LookupStage(spec);
    }

    /** {@link EmbeddingKernels}' indices, gather and scatter-add, into buffers allocated once. */
    private final class LookupStage extends Stage {
        private final int perRow;
        private final int[] idx;
        private final String who = describe();

        LookupStage(StageSpec spec) {
            this.perRow = spec.inputSize();
            this.idx = new int[spec.capacity() * perRow];
            this.y = new float[spec.capacity() * perRow * dim];
            // the indices get no gradient: a zero input gradient, written once
            this.gIn = spec.inputGrad() ? new float[spec.capacity() * perRow] : null;
        }

        @Override
        public void forward(float[] x, int rows) {
            EmbeddingKernels.indices(x, rows * perRow, Math.max(perRow, 1), num, who, idx);
            EmbeddingKernels.gather(weight.floats(), idx, rows * perRow, dim, y);
        }

        @Override
        public void backward(float[] x, float[] g, int rows) {
            if (weight.requiresGrad()) {
                EmbeddingKernels.scatterAdd(g, idx, rows * perRow, dim, num, paddingIdx, Linear.gradBuffer(weight));
            }
        }

        @Override
        public boolean trainsParameters() {
            return weight.requiresGrad();
        }
    }

    /** ONNX Cast of the indices to int64, then Gather of the table's rows (axis 0). */
    @Override
    public String export(ExportGraph g, String input, int[] inputShape) {
        String idx = g.node("Cast", java.util.List.of(input), java.util.Map.of("to", 7L)); // TensorProto.INT64
        return g.node("Gather", java.util.List.of(g.constant("weight", weight), idx), java.util.Map.of("axis", 0L));
    }

    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return num;
    }

    public int embeddingDim() {
        return dim;
    }

    /** The padding row, or −1 for none. */
    public int paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected LinkedHashMap<String, Tensor> ownParameters() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", weight);
        return m;
    }

    @Override
    public void to(DType dtype) {
        weight = convert(weight, dtype);
    }

    @Override
    public String spec() {
        return "embedding:" + num + ":" + dim + (paddingIdx >= 0 ? ":pad=" + paddingIdx : "");
    }

    @Override
    public String describe() {
        return "Embedding(" + num + ", " + dim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "") + ")";
    }

    /** Reads {@code embedding:<num_embeddings>:<embedding_dim>[:pad=<padding_idx>]}. */
    public static final class Spec implements LayerFactory {
        @Override
        public java.util.List<String> names() {
            return java.util.List.of("embedding");
        }

        @Override
        public Module create(LayerToken t, SpecContext ctx) {
            t.allowOnly("pad");
            if (t.args() != 2) {
                throw t.error("expected embedding:<num_embeddings>:<embedding_dim>");
            }
            return new Embedding(t.intArg(0, "num_embeddings"), t.intArg(1, "embedding_dim"),
                    t.option("pad", null) == null ? null : t.intOption("pad", 0), ctx.rng());
        }
    }
}
