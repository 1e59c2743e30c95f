package dev.soma.spark.ml;

import dev.soma.nn.Module;
import dev.soma.train.SavedModel;
import java.io.Serializable;

/**
 * A trained Soma model as the safetensors bytes of {@code SavedModel.toBytes} (the same content as a
 * {@code .safetensors} model file), shipped to executors inside the prediction functions; each JVM rebuilds the
 * network once, on first use. {@code Module.predict} is thread-safe, so concurrent tasks share it.
 */
final class ModelBytes implements Serializable {
    private static final long serialVersionUID = 1L;

    final byte[] bytes;
    private transient volatile SavedModel model;

    ModelBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    SavedModel saved() {
        SavedModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = SavedModel.fromBytes(bytes, "Soma model");
                }
                m = model;
            }
        }
        return m;
    }

    Module module() {
        return saved().model();
    }
}
