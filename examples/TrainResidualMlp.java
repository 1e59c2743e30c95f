import dev.soma.data.*;
import dev.soma.nn.*;
import dev.soma.train.*;
import java.nio.file.Path;
import java.util.List;

/** Trains a residual MLP with batch normalization on the built-in digits: two blocks y = x + f(x). */
public class TrainResidualMlp {
    public static void main(String[] args) {
        DataSplit data = DataSources.open("builtin:digits", null);              // 8,000 train / 2,000 test images
        List<Dataset> parts = Splits.holdOut(data.train(), 0.1, 42);            // carve a dev set from train
        String block = "residual(linear:128:128,batchnorm1d,relu,dropout:0.1,linear:128:128,batchnorm1d)";
        Sequential model = Sequential.fromSpec("linear:784:128,batchnorm1d,relu," + block + ",relu," + block
                + ",relu,linear:128:10", null, 42, data.train().exampleShape());
        System.out.print(model.summary());
        Trainer trainer = new Trainer(new TrainConfig().optimizer("adam").lr(1e-3).batchSize(64).epochs(6)
                .earlyStoppingPatience(2));
        trainer.fit(model, parts.get(0), parts.get(1), new TrainingListener() {
            @Override public void onEpochEnd(EpochStats s) { System.out.println(s); }
        });
        System.out.print(Evaluation.classification(model, data.test()));
        // state dict names as torch: 3.body.0.weight, 3.body.1.running_mean, ... (see Residual's documentation)
        SavedModel.save(Path.of("residual-mlp.safetensors"), model,
                ModelInfo.classification(data.train().classNames()));
    }
}
