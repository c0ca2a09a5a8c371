package dev.kerac.runtime.optimizers.schedules;

/**
 * Keras {@code ExponentialDecay}: {@code initial * decayRate^(step / decaySteps)}, with the exponent
 * floored when {@code staircase} is set.
 *
 * <pre>{@code
 * // 0.1, then x0.96 every 1000 steps (smoothly)
 * new Adam(new ExponentialDecay(0.1, 1000, 0.96, false));
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double decayRate;
  private final boolean staircase;

  /** With {@code staircase = false}. */
  public ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(
      double initialLearningRate, double decaySteps, double decayRate, boolean staircase) {
    this.initialLearningRate = Schedules.finite("initial_learning_rate", initialLearningRate);
    this.decaySteps = Schedules.positive("decay_steps", decaySteps);
    this.decayRate = Schedules.finite("decay_rate", decayRate);
    this.staircase = staircase;
  }

  @Override
  public double at(long step) {
    double p = step / decaySteps;
    if (staircase) {
      p = Math.floor(p);
    }
    return initialLearningRate * Math.pow(decayRate, p);
  }

  @Override
  public String toString() {
    return "ExponentialDecay(initial_learning_rate=" + initialLearningRate + ", decay_steps="
        + decaySteps + ", decay_rate=" + decayRate + ", staircase=" + staircase + ")";
  }
}
