package dev.kerac.benchmarks.engines;

import dev.kerac.benchmarks.PeerModel;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.train.Trainer;

/**
 * kerac: the generated model class itself. {@code predict} is its allocation-free
 * {@code predict(in, out)}; a batch is one {@code forward} over the caller's rows plus a copy of the
 * output rows; a training step is {@code Trainer.trainOnBatch} (what {@code fit} runs per batch).
 *
 * <pre>{@code
 * KeracEngine e = new KeracEngine(PeerModel.SEED, 1);
 * e.predict(image, probs);
 * }</pre>
 */
public final class KeracEngine implements InferenceEngine, TrainingEngine {
  /** Batch capacity of the model: the benchmark batch. */
  public static final int CAPACITY = 64;

  private final Model model;
  private final int outputSize;
  private Trainer trainer;

  /** Loads {@code model}'s weights into its kerac class, running on {@code threads} threads. */
  public KeracEngine(PeerModel model, int threads) {
    Engines.checkThreads(threads);
    this.model = KeracModels.create(model, CAPACITY);
    this.outputSize = this.model.outputSize();
    this.model.threads(threads);
  }

  @Override
  public String name() {
    return "kerac";
  }

  @Override
  public void predict(float[] in, float[] out) {
    model.predict(in, out);
  }

  @Override
  public void predictBatch(float[][] x, int batch, float[][] out) {
    model.ensureCapacity(batch);
    model.forward(x, batch, false);
    float[][] y = model.output();
    for (int b = 0; b < batch; b++) {
      System.arraycopy(y[b], 0, out[b], 0, outputSize);
    }
  }

  @Override
  public double step(float[][] x, float[][] y) {
    if (trainer == null) {
      model.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
      trainer = model.trainer();
    }
    return trainer.trainOnBatch(x, y, null, x.length);
  }

  @Override
  public void close() {}
}
