package dev.soma.train;

import dev.soma.SomaException;
import dev.soma.io.Json;
import dev.soma.io.MetadataKeys;
import dev.soma.io.SafeTensors;
import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.optim.Schedule;
import dev.soma.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training checkpoint: one safetensors file {@value #FILE} in the checkpoint directory, written atomically
 * (io.SafeTensors → io.AtomicFile) after every epoch. Tensors: {@code model.<name>} (the state dict),
 * {@code optim.<key>} (optimizer state: lr, per-parameter step and buffers), {@code best.<name>} (early stopping's
 * best weights). Metadata: {@code soma.kind=checkpoint}, {@code epoch} (epochs completed), {@code spec},
 * {@code optimizer}, {@code history} (JSON rows of EpochStats, numbers as strings), {@code schedule_state},
 * {@code early_stopping_state}, {@code dropout_calls} (the dropout generators' state), {@code stop_reason}.
 * The shuffling generator is seeded from (seed, epoch), so the epoch is its state. A resumed run therefore reaches
 * the same weights as an uninterrupted one.
 */
public final class Checkpoint {
    /** The file name inside the checkpoint directory. */
    public static final String FILE = "checkpoint.safetensors";

    private Checkpoint() {
    }

    /** True when {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** The number of epochs completed by the checkpoint in {@code dir}. */
    public static int epoch(Path dir) {
        return Integer.parseInt(SafeTensors.read(dir.resolve(FILE)).metadata().get("epoch"));
    }

    static void save(Path dir, int epoch, Module model, Optimizer opt, Schedule schedule,
                     EarlyStopping stopper, History history) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SomaException("checkpoint: cannot create directory " + dir + ": " + e.getMessage(), e);
        }
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> t.put("model." + k, v));
        opt.state().forEach((k, v) -> t.put("optim." + k, v));
        if (stopper.best() != null) {
            stopper.best().forEach((k, v) -> t.put("best." + k, v));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(MetadataKeys.KIND, "checkpoint");
        meta.put("epoch", Integer.toString(epoch));
        meta.put("spec", model.spec());
        meta.put("optimizer", opt.name());
        List<Object> rows = new ArrayList<>();
        for (EpochStats s : history.epochs()) {
            rows.add(strings(s.toArray()));
        }
        meta.put("history", Json.write(rows));
        meta.put("schedule_state", Json.write(strings(schedule.state())));
        meta.put("early_stopping_state", Json.write(strings(stopper.state())));
        Map<String, Object> calls = new LinkedHashMap<>();
        model.rngState().forEach((k, v) -> calls.put(k, Long.toString(v)));
        meta.put("rng_calls", Json.write(calls));
        meta.put("stop_reason", history.stopReason());
        SafeTensors.write(dir.resolve(FILE), t, meta);
    }

    /** Loads the checkpoint of {@code dir} (if any) into the run's objects; returns the epochs already done. */
    static int resume(Path dir, Module model, Optimizer opt, Schedule schedule, EarlyStopping stopper,
                      History history) {
        if (!exists(dir)) {
            return 0;
        }
        SafeTensors.Contents c = SafeTensors.read(dir.resolve(FILE));
        Map<String, String> meta = c.metadata();
        if (!"checkpoint".equals(meta.get(MetadataKeys.KIND))) {
            throw new SomaException("checkpoint: " + dir.resolve(FILE) + " is not a Soma checkpoint");
        }
        if (!model.spec().equals(meta.get("spec"))) {
            throw new SomaException("checkpoint: architecture " + meta.get("spec") + " does not match the model's "
                    + model.spec());
        }
        if (!opt.name().equals(meta.get("optimizer"))) {
            throw new SomaException("checkpoint: optimizer " + meta.get("optimizer") + " does not match " + opt.name());
        }
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> o = new LinkedHashMap<>();
        LinkedHashMap<String, Tensor> b = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) {
                m.put(k.substring(6), v);
            } else if (k.startsWith("optim.")) {
                o.put(k.substring(6), v);
            } else if (k.startsWith("best.")) {
                b.put(k.substring(5), v);
            }
        });
        model.loadStateDict(m);
        opt.loadState(o);
        for (Object row : Json.asArray(Json.parse(meta.get("history")), "history")) {
            history.add(EpochStats.fromArray(doubles(row)));
        }
        schedule.loadState(doubles(Json.parse(meta.get("schedule_state"))));
        stopper.load(doubles(Json.parse(meta.get("early_stopping_state"))), b.isEmpty() ? null : b);
        Map<String, Long> state = new LinkedHashMap<>();
        if (meta.containsKey("rng_calls")) {
            Json.asObject(Json.parse(meta.get("rng_calls")), "rng_calls")
                    .forEach((k, v) -> state.put(k, Long.parseLong(String.valueOf(v))));
        }
        model.setRngState(state);
        return Integer.parseInt(meta.get("epoch"));
    }

    private static List<Object> strings(double[] a) {
        List<Object> out = new ArrayList<>();
        for (double v : a) {
            out.add(Double.toString(v));
        }
        return out;
    }

    private static double[] doubles(Object json) {
        List<Object> l = Json.asArray(json, "checkpoint numbers");
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Double.parseDouble(String.valueOf(l.get(i)));
        }
        return a;
    }
}
