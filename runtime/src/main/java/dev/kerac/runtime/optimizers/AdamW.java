package dev.kerac.runtime.optimizers;

import dev.kerac.runtime.optimizers.schedules.LearningRateSchedule;

/**
 * Keras {@code AdamW}: {@link Adam} with decoupled weight decay on by default
 * ({@code weight_decay=0.004}): {@code w -= w * weight_decay * lr} before each Adam update.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3).weightDecay(0.01).excludeFromWeightDecay("bias");
 * }</pre>
 */
public final class AdamW extends Adam {

  /** Keras defaults. */
  public AdamW() {
    this(0.001);
  }

  public AdamW(double learningRate) {
    this(learningRate, 0.004, 0.9, 0.999, 1e-7, false);
  }

  /** Keras argument order: {@code learning_rate, weight_decay, beta_1, beta_2, epsilon, amsgrad}. */
  public AdamW(
      double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
      boolean amsgrad) {
    super("adamw", learningRate, beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }

  public AdamW(LearningRateSchedule learningRate) {
    super("adamw", learningRate);
    weightDecay(0.004);
  }
}
