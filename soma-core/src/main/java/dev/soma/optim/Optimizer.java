package dev.soma.optim;

import dev.soma.SomaException;
import dev.soma.tensor.DType;
import dev.soma.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, one pass over each parameter's flat buffer ({@code p.floats()},
 * {@code p.grad().floats()}; float64 parameters through {@code doubles()}). Frozen parameters (requiresGrad false)
 * and parameters without a gradient are skipped, as in PyTorch, and their step counters do not advance.
 *
 * <p>State for checkpoints: {@link #state()} gives "lr", per parameter i "i.step" and the buffers ("i.exp_avg", …),
 * all as tensors; {@link #loadState} restores them.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected final OptimizerConfig cfg;
    protected double lr;
    private final long[] steps;
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Tensor>[] byParam;

    protected Optimizer(List<Tensor> params, OptimizerConfig cfg) {
        this.params = List.copyOf(params);
        this.cfg = cfg;
        this.lr = cfg.lr;
        this.steps = new long[params.size()];
        @SuppressWarnings("unchecked")
        Map<String, Tensor>[] own = new Map[params.size()];
        for (int i = 0; i < own.length; i++) {
            own[i] = new java.util.HashMap<>();
        }
        this.byParam = own;
        for (Tensor p : params) {
            if (!p.isContiguous() || p.offset() != 0) {
                throw new SomaException("optimizer: parameters must be contiguous flat tensors");
            }
        }
    }

    /** The name read by {@link Optimizers#create}. */
    public abstract String name();

    /** One update of every trainable parameter that has a gradient. */
    public void step() {
        step(null);
    }

    /**
     * {@link #step()}, also copying each parameter it updates into {@code before[i]} (a tensor of parameter i's
     * dtype and size) as it was before the update: the training loop's divergence backup. Optimizers whose update
     * reads the parameter anyway (Adam) write the copy in the same pass. Parameters it skips are not copied.
     */
    public void step(Tensor[] before) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = p.grad();
            if (!p.requiresGrad() || g == null) {
                continue;
            }
            long t = ++steps[i];
            Tensor gc = g.dtype() == p.dtype() ? g.contiguous() : g.to(p.dtype());
            boolean decay = cfg.decoupled && cfg.weightDecay != 0 && !fusesDecoupledDecay();
            if (p.dtype() == DType.F32) {
                float[] w = p.floats();
                float[] save = before == null ? null : before[i].floats();
                if (decay) {
                    if (save != null) {
                        System.arraycopy(w, 0, save, 0, w.length);
                        save = null;
                    }
                    float k = (float) (1 - lr * cfg.weightDecay);
                    for (int j = 0; j < w.length; j++) {
                        w[j] *= k;
                    }
                }
                updateF(i, w, gc.floats(), t, save);
            } else {
                double[] w = p.doubles();
                if (before != null) {
                    System.arraycopy(w, 0, before[i].doubles(), 0, w.length);
                }
                if (decay) {
                    double k = 1 - lr * cfg.weightDecay;
                    for (int j = 0; j < w.length; j++) {
                        w[j] *= k;
                    }
                }
                updateD(i, w, gc.doubles(), t);
            }
        }
    }

    /**
     * {@link #updateF(int, float[], float[], long)} after copying p into {@code before} when that is not null;
     * optimizers that read p in their update override it to copy in the same pass.
     */
    protected void updateF(int i, float[] p, float[] g, long t, float[] before) {
        if (before != null) {
            System.arraycopy(p, 0, before, 0, p.length);
        }
        updateF(i, p, g, t);
    }

    /** True when the subclass applies the decoupled decay θ ← θ(1 − lr·λ) inside its own update. */
    protected boolean fusesDecoupledDecay() {
        return false;
    }

    /** The coupled weight decay added to gradients (0 when decoupled). */
    protected double coupledDecay() {
        return cfg.decoupled ? 0 : cfg.weightDecay;
    }

    /** Update of float32 parameter i at its step t (1 for the first). */
    protected abstract void updateF(int i, float[] p, float[] g, long t);

    /** Update of float64 parameter i at its step t. */
    protected abstract void updateD(int i, double[] p, double[] g, long t);

    /** A state buffer of parameter i (zeros of its shape and type the first time). */
    protected Tensor buffer(int i, String name) {
        Map<String, Tensor> own = byParam[i];
        Tensor t = own.get(name); // no key string built per step: the update allocates nothing
        if (t == null) {
            t = buffers.computeIfAbsent(i + "." + name, k -> {
                Tensor z = Tensor.zeros(params.get(i).dtype(), params.get(i).shape());
                initBuffer(name, z);
                return z;
            });
            own.put(name, t);
        }
        return t;
    }

    /** Sets the initial value of a new state buffer (zeros unless overridden). */
    protected void initBuffer(String name, Tensor buffer) {
    }

    protected float[] bufF(int i, String name) {
        return buffer(i, name).floats();
    }

    protected double[] bufD(int i, String name) {
        return buffer(i, name).doubles();
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    public double lr() {
        return lr;
    }

    /** Sets the learning rate (schedules call this each epoch). */
    public void setLr(double lr) {
        this.lr = lr;
    }

    /** Number of updates of parameter i. */
    public long steps(int i) {
        return steps[i];
    }

    public List<Tensor> params() {
        return params;
    }

    /** The state: "lr", "i.step" for each parameter, and the buffers (copies). */
    public LinkedHashMap<String, Tensor> state() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("lr", Tensor.scalar(DType.F64, lr));
        for (int i = 0; i < steps.length; i++) {
            m.put(i + ".step", Tensor.scalar(DType.F64, steps[i]));
        }
        buffers.forEach((k, v) -> m.put(k, v.copy()));
        extraState(m);
        return m;
    }

    /** Subclasses add optimizer-wide state (Nadam's μ product). */
    protected void extraState(Map<String, Tensor> m) {
    }

    /** Subclasses restore optimizer-wide state. */
    protected void loadExtraState(Map<String, Tensor> m) {
    }

    /** Restores {@link #state()}; shapes are checked against the parameters. */
    public void loadState(Map<String, Tensor> state) {
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String k = e.getKey();
            Tensor v = e.getValue();
            if (k.equals("lr")) {
                lr = v.item();
                continue;
            }
            int dot = k.indexOf('.');
            if (dot < 0) {
                continue;
            }
            int i;
            try {
                i = Integer.parseInt(k.substring(0, dot));
            } catch (NumberFormatException ex) {
                continue;
            }
            if (i < 0 || i >= params.size()) {
                throw new SomaException("optimizer state: '" + k + "' names parameter " + i + " but there are "
                        + params.size());
            }
            String what = k.substring(dot + 1);
            if (what.equals("step")) {
                steps[i] = (long) v.item();
            } else {
                Tensor p = params.get(i);
                if (!Arrays.equals(p.shape(), v.shape())) {
                    throw new SomaException("optimizer state: '" + k + "' has shape " + Arrays.toString(v.shape())
                            + ", expected " + Arrays.toString(p.shape()));
                }
                buffer(i, what).copyFrom(v);
            }
        }
        loadExtraState(state);
    }
}
