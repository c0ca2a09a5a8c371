package dev.kerac.runtime.model;

import dev.kerac.runtime.losses.Loss;
import dev.kerac.runtime.optimizers.Optimizer;
import dev.kerac.runtime.train.Fit;
import dev.kerac.runtime.train.History;
import dev.kerac.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A compiled model: the {@link Network} computation plus the Keras training API, which every generated
 * class gets through its {@link Trainer}.
 *
 * <pre>{@code
 * Kerac_MnistMlp model = new Kerac_MnistMlp();
 * model.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
 * History h = model.fit(x, y, Fit.epochs(10).batchSize(128).validationSplit(0.1));
 * float[] probs = new float[10];
 * model.predict(image, probs);          // one sample, allocation-free
 * model.summary();
 * model.saveWeights(Path.of("mlp.weights"));
 * }</pre>
 */
public interface Model extends Network {

  /** The training state of this model (compiled optimizer, loss and metrics). */
  Trainer trainer();

  /** Configures training (Keras {@code compile}); metrics by Keras name, e.g. {@code "accuracy"}. */
  default Model compile(Optimizer optimizer, Loss loss, String... metrics) {
    trainer().compile(optimizer, loss, metrics);
    return this;
  }

  /** Trains (Keras {@code fit}). */
  default History fit(float[][] x, float[][] y, Fit options) {
    return trainer().fit(x, y, options);
  }

  /** Loss and metrics in inference mode, keys sorted (Keras {@code evaluate(return_dict=True)}). */
  default Map<String, Double> evaluate(float[][] x, float[][] y) {
    return trainer().evaluate(x, y);
  }

  /** Batched inference into new rows (Keras {@code predict}). */
  default float[][] predict(float[][] x) {
    return trainer().predict(x);
  }

  /** Prints the Keras summary table to {@code System.out}. */
  default void summary() {
    trainer().summary(System.out);
  }

  default void summary(PrintStream out) {
    trainer().summary(out);
  }

  /** Saves weights and optimizer state atomically (see {@link Trainer#saveWeights}). */
  default void saveWeights(Path file) throws IOException {
    trainer().saveWeights(file);
  }

  /** Loads weights, checking everything first (see {@link Trainer#loadWeights}). */
  default void loadWeights(Path file) throws IOException {
    trainer().loadWeights(file);
  }
}
