import dev.soma.data.*;
import dev.soma.nn.*;
import dev.soma.train.*;
import java.nio.file.Path;
import java.util.List;

/** Trains a digit classifier, Keras-style, in about 15 lines. */
public class TrainMlp {
    public static void main(String[] args) {
        DataSplit data = DataSources.open("builtin:digits", null);              // 8,000 train / 2,000 test images
        List<Dataset> parts = Splits.holdOut(data.train(), 0.1, 42);            // carve a dev set from train
        Sequential model = Mlp.builder().input(784).hidden(128, 64).activation("relu").dropout(0.1)
                .output(10).seed(42).build();
        System.out.print(model.summary());
        Trainer trainer = new Trainer(new TrainConfig().optimizer("adam").lr(1e-3).batchSize(64).epochs(8)
                .earlyStoppingPatience(3));
        trainer.fit(model, parts.get(0), parts.get(1), new TrainingListener() {
            @Override public void onEpochEnd(EpochStats s) { System.out.println(s); }
        });
        System.out.print(Evaluation.classification(model, data.test()));
        SavedModel.save(Path.of("digits.safetensors"), model, ModelInfo.classification(data.train().classNames()));
    }
}
