package dev.kerac.runtime.train;

import dev.kerac.runtime.optimizers.Optimizer;
import java.util.Map;

/**
 * Lowers the learning rate when a monitored quantity stops improving (Keras
 * {@code ReduceLROnPlateau}; defaults {@code monitor="val_loss", factor=0.1, patience=10, verbose=0,
 * mode="auto", min_delta=1e-4, cooldown=0, min_lr=0.0}).
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = new ReduceLROnPlateau().factor(0.2).patience(5).minLr(1e-4);
 * model.fit(x, y, Fit.epochs(50).validationSplit(0.1).callbacks(plateau));
 * }</pre>
 *
 * <p>At each epoch end it first writes {@code logs["learning_rate"]} (the rate used during the epoch,
 * as the optimizer's float32 variable holds it), so it shows in {@link History}. Then, if the
 * monitored key is present: during a cooldown the counter goes down and {@code wait} is reset; an
 * improvement by more than {@code minDelta} becomes the best and resets {@code wait}; otherwise,
 * outside a cooldown, {@code wait += 1}, and when {@code wait >= patience} and the rate is above
 * {@code minLr}: {@code lr = max(lr * factor, minLr)}, a cooldown starts and {@code wait = 0}. The new
 * rate is set with {@link Optimizer#setLearningRate(double)}, which replaces a schedule.
 */
public final class ReduceLROnPlateau extends Callback {
  private String monitor = "val_loss";
  private double factor = 0.1;
  private int patience = 10;
  private int verbose = 0;
  private String mode = "auto";
  private double minDelta = 1e-4;
  private int cooldown = 0;
  private double minLr = 0.0;

  private boolean maximize;
  private boolean hasBest;
  private double best;
  private int wait;
  private int cooldownCounter;

  /** Keras defaults: factor 0.1 after 10 epochs without an improvement of {@code val_loss}. */
  public ReduceLROnPlateau() {}

  /** The log key to watch. */
  public ReduceLROnPlateau monitor(String monitor) {
    this.monitor = Monitor.checkMonitor(monitor);
    return this;
  }

  /** {@code new_lr = lr * factor}; must be in [0, 1). */
  public ReduceLROnPlateau factor(double factor) {
    if (!(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0 "
          + "(or negative); expected a factor in [0, 1), got " + factor);
    }
    this.factor = factor;
    return this;
  }

  /** Epochs without improvement before the rate is reduced. */
  public ReduceLROnPlateau patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 0 = silent, 1 = a message at each reduction. */
  public ReduceLROnPlateau verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "auto"} (from the monitored name), {@code "min"} or {@code "max"}. */
  public ReduceLROnPlateau mode(String mode) {
    this.mode = Monitor.checkMode(mode);
    return this;
  }

  /** The smallest change that counts as an improvement (its absolute value is used). */
  public ReduceLROnPlateau minDelta(double minDelta) {
    if (Double.isNaN(minDelta) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("minDelta must be a finite number, got " + minDelta);
    }
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** Epochs to wait after a reduction before counting again. */
  public ReduceLROnPlateau cooldown(int cooldown) {
    if (cooldown < 0) {
      throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
    }
    this.cooldown = cooldown;
    return this;
  }

  /** The lower bound of the learning rate. */
  public ReduceLROnPlateau minLr(double minLr) {
    if (!(minLr >= 0) || Double.isInfinite(minLr)) {
      throw new IllegalArgumentException("minLr must be a finite number >= 0, got " + minLr);
    }
    this.minLr = minLr;
    return this;
  }

  @Override
  public void onTrainBegin() {
    maximize = Monitor.maximize(monitor, mode, "ReduceLROnPlateau");
    hasBest = false;
    wait = 0;
    cooldownCounter = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Optimizer optimizer = trainer().optimizer();
    // Keras reads the optimizer's float32 variable.
    double lr = (float) optimizer.learningRate();
    logs.put("learning_rate", lr);
    Double value = logs.get(monitor);
    if (value == null) {
      Monitor.warn(trainer(), "Learning rate reduction is conditioned on metric `" + monitor
          + "` which is not available. Available metrics are: " + Monitor.keys(logs) + ".");
      return;
    }
    double current = value;
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (!hasBest || Monitor.isImprovement(current, best, minDelta, maximize)) {
      best = current;
      hasBest = true;
      wait = 0;
    } else if (cooldownCounter == 0) {
      wait++;
      if (wait >= patience && lr > (float) minLr) {
        double newLr = Math.max(lr * factor, minLr);
        optimizer.setLearningRate(newLr);
        if (verbose > 0) {
          Monitor.output(trainer()).println("\nEpoch " + (epoch + 1)
              + ": ReduceLROnPlateau reducing learning rate to " + PythonFormat.repr(newLr) + ".");
        }
        cooldownCounter = cooldown;
        wait = 0;
      }
    }
  }
}
