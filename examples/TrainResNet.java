import dev.soma.data.*;
import dev.soma.nn.*;
import dev.soma.train.*;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains a small ResNet-style CNN on the built-in digits: convolution, batch normalization and ReLU, then residual
 * blocks of two 3×3 convolutions, down-sampling by max pooling, global average pooling and a linear classifier.
 */
public class TrainResNet {
    static String block(int channels) {
        return "residual(conv:" + channels + ":3:pad=1,batchnorm2d,relu,conv:" + channels + ":3:pad=1,batchnorm2d),relu";
    }

    public static void main(String[] args) {
        DataSplit data = DataSources.open("builtin:digits", null);              // images of shape [1, 28, 28]
        List<Dataset> parts = Splits.holdOut(data.train(), 0.1, 42);
        String spec = String.join(",",
                "conv:1:16:3:pad=1,batchnorm2d,relu", block(16), "maxpool:2",    // 16 × 14 × 14
                "conv:32:3:pad=1,batchnorm2d,relu", block(32), "maxpool:2",      // 32 × 7 × 7
                "dropout2d:0.1,globalavgpool,flatten,linear:10");
        Sequential model = Sequential.fromSpec(spec, null, 42, data.train().exampleShape());
        System.out.print(model.summary());
        Trainer trainer = new Trainer(new TrainConfig().optimizer("adam").lr(2e-3).batchSize(64).epochs(3));
        trainer.fit(model, parts.get(0), parts.get(1), new TrainingListener() {
            @Override public void onEpochEnd(EpochStats s) { System.out.println(s); }
        });
        System.out.print(Evaluation.classification(model, data.test()));
        SavedModel.save(Path.of("resnet-digits.safetensors"), model, ModelInfo.classification(data.train().classNames()));
    }
}
