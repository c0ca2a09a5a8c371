package dev.kerac.runtime.train;

import dev.kerac.runtime.optimizers.Optimizer;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch (Keras
 * {@code LearningRateScheduler}, {@code verbose=0} by default). At each epoch end it writes
 * {@code logs["learning_rate"]}, so the rate shows in {@link History}.
 *
 * <pre>{@code
 * // Keep the rate for 10 epochs, then decay it by e^-0.1 per epoch.
 * LearningRateScheduler s = new LearningRateScheduler(
 *     (epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * LearningRateScheduler halving = new LearningRateScheduler(epoch -> 0.1 / (1 << epoch));
 * model.fit(x, y, Fit.epochs(15).callbacks(s));
 * }</pre>
 *
 * The epoch is 0-based; the current rate passed in is the optimizer's, as a float32 variable holds
 * it. The new rate is set with {@link Optimizer#setLearningRate(double)} (replacing a schedule).
 */
public final class LearningRateScheduler extends Callback {

  /**
   * {@code (epoch, currentLr) -> newLr}, Keras' two-argument {@code schedule(epoch, lr)}.
   *
   * <pre>{@code
   * LearningRateScheduler.Schedule stepDecay = (epoch, lr) -> epoch > 0 && epoch % 10 == 0 ? lr / 2 : lr;
   * }</pre>
   */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double currentLr);
  }

  private final Schedule schedule;
  private int verbose = 0;

  /** @param schedule the new rate from the 0-based epoch and the current rate */
  public LearningRateScheduler(Schedule schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("schedule must be a function (epoch, lr) -> lr, got null");
    }
    this.schedule = schedule;
  }

  /** @param schedule the new rate from the 0-based epoch (Keras' one-argument form) */
  public LearningRateScheduler(IntToDoubleFunction schedule) {
    if (schedule == null) {
      throw new IllegalArgumentException("schedule must be a function epoch -> lr, got null");
    }
    this.schedule = (epoch, lr) -> schedule.applyAsDouble(epoch);
  }

  /** 0 = silent, 1 = a message at every epoch. */
  public LearningRateScheduler verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch) {
    Optimizer optimizer = trainer().optimizer();
    double lr = schedule.apply(epoch, (float) optimizer.learningRate());
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("the schedule must return a finite learning rate >= 0, got "
          + lr + " at epoch " + epoch);
    }
    optimizer.setLearningRate(lr);
    if (verbose > 0) {
      Monitor.output(trainer()).println("\nEpoch " + (epoch + 1)
          + ": LearningRateScheduler setting learning rate to " + PythonFormat.repr(lr) + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", (double) (float) trainer().optimizer().learningRate());
  }
}
