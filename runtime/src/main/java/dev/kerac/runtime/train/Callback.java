package dev.kerac.runtime.train;

import java.util.Map;

/**
 * A hook into {@code fit}, as Keras callbacks: epochs are 0-based, logs hold the epoch's metrics with
 * keys in alphabetical order ({@code accuracy, loss, val_accuracy, val_loss}) and may be extended by
 * callbacks (e.g. {@code learning_rate}). {@link #trainer()} gives the model, its optimizer and
 * {@link Trainer#stopTraining()}.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *   public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *     System.out.println(epoch + ": " + logs.get("loss"));
 *   }
 * };
 * }</pre>
 */
public abstract class Callback {
  private Trainer trainer;

  /** The trainer running {@code fit}: set before {@link #onTrainBegin}. */
  protected final Trainer trainer() {
    return trainer;
  }

  final void bind(Trainer trainer) {
    this.trainer = trainer;
  }

  public void onTrainBegin() {}

  public void onEpochBegin(int epoch) {}

  /** After each training step; {@code loss} is the running mean over the epoch so far. */
  public void onTrainBatchEnd(int step, double loss) {}

  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  public void onTrainEnd(Map<String, Double> logs) {}
}
