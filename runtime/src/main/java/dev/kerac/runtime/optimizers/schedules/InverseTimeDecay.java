package dev.kerac.runtime.optimizers.schedules;

/**
 * Keras {@code InverseTimeDecay}: {@code initial / (1 + decayRate * step / decaySteps)}, with
 * {@code step / decaySteps} floored when {@code staircase} is set.
 *
 * <pre>{@code
 * new SGD(new InverseTimeDecay(0.1, 1000, 0.5, false));
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double decayRate;
  private final boolean staircase;

  public InverseTimeDecay(
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
    return initialLearningRate / (1 + decayRate * p);
  }

  @Override
  public String toString() {
    return "InverseTimeDecay(initial_learning_rate=" + initialLearningRate + ", decay_steps="
        + decaySteps + ", decay_rate=" + decayRate + ", staircase=" + staircase + ")";
  }
}
