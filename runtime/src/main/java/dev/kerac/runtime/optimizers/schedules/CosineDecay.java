package dev.kerac.runtime.optimizers.schedules;

/**
 * Keras {@code CosineDecay}, with optional linear warmup. Without warmup:
 * {@code initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / D)) + alpha)}, {@code s = min(step, D)}.
 * With {@code warmupTarget}: the rate rises linearly from {@code initial} to {@code warmupTarget} over
 * {@code warmupSteps} steps, then decays from {@code warmupTarget} as above.
 *
 * <pre>{@code
 * new Adam(new CosineDecay(0.0, 10000, 0.0, 1e-3, 500));   // 500 warmup steps to 1e-3
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double alpha;
  private final double warmupTarget;
  private final double warmupSteps;

  /** Keras defaults: {@code alpha=0.0}, no warmup. */
  public CosineDecay(double initialLearningRate, double decaySteps) {
    this(initialLearningRate, decaySteps, 0.0);
  }

  /** Without warmup. */
  public CosineDecay(double initialLearningRate, double decaySteps, double alpha) {
    this(initialLearningRate, decaySteps, alpha, Double.NaN, 0);
  }

  /**
   * @param warmupTarget the rate reached at the end of the warmup; {@code NaN} for none (Keras
   *     {@code warmup_target=None})
   * @param warmupSteps the number of warmup steps
   */
  public CosineDecay(
      double initialLearningRate, double decaySteps, double alpha, double warmupTarget,
      double warmupSteps) {
    this.initialLearningRate = Schedules.finite("initial_learning_rate", initialLearningRate);
    this.decaySteps = Schedules.positive("decay_steps", decaySteps);
    this.alpha = Schedules.finite("alpha", alpha);
    if (Double.isInfinite(warmupTarget)) {
      throw new IllegalArgumentException("warmup_target must be finite or NaN (none), got " + warmupTarget);
    }
    this.warmupTarget = warmupTarget;
    if (!(warmupSteps >= 0) || Double.isInfinite(warmupSteps)) {
      throw new IllegalArgumentException("warmup_steps must be a finite number >= 0, got " + warmupSteps);
    }
    if (!Double.isNaN(warmupTarget) && warmupSteps == 0) {
      throw new IllegalArgumentException("warmup_target is set but warmup_steps is 0");
    }
    this.warmupSteps = warmupSteps;
  }

  @Override
  public double at(long step) {
    if (Double.isNaN(warmupTarget)) {
      return decay(Math.min(step, decaySteps), initialLearningRate);
    }
    double s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
    }
    return decay(s - warmupSteps, warmupTarget);
  }

  private double decay(double s, double from) {
    double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
    return from * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public String toString() {
    return "CosineDecay(initial_learning_rate=" + initialLearningRate + ", decay_steps=" + decaySteps
        + ", alpha=" + alpha + (Double.isNaN(warmupTarget) ? "" : ", warmup_target=" + warmupTarget
        + ", warmup_steps=" + warmupSteps) + ")";
  }
}
