package dev.kerac.runtime.optimizers.schedules;

/**
 * Keras {@code PolynomialDecay}: {@code (initial - end) * (1 - s/D)^power + end} with
 * {@code s = min(step, D)}; with {@code cycle}, {@code D} grows to the next multiple of
 * {@code decaySteps} above {@code step} instead.
 *
 * <pre>{@code
 * new SGD(new PolynomialDecay(0.1, 10000, 0.01, 0.5, false));
 * }</pre>
 */
public final class PolynomialDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final double decaySteps;
  private final double endLearningRate;
  private final double power;
  private final boolean cycle;

  /** Keras defaults: {@code end_learning_rate=0.0001, power=1.0, cycle=False}. */
  public PolynomialDecay(double initialLearningRate, double decaySteps) {
    this(initialLearningRate, decaySteps, 0.0001, 1.0, false);
  }

  public PolynomialDecay(
      double initialLearningRate, double decaySteps, double endLearningRate, double power,
      boolean cycle) {
    this.initialLearningRate = Schedules.finite("initial_learning_rate", initialLearningRate);
    this.decaySteps = Schedules.positive("decay_steps", decaySteps);
    this.endLearningRate = Schedules.finite("end_learning_rate", endLearningRate);
    this.power = Schedules.finite("power", power);
    this.cycle = cycle;
  }

  @Override
  public double at(long step) {
    double s = step;
    double d = decaySteps;
    if (cycle) {
      // Keras: multiplier 1 at step 0, else ceil(step / decay_steps)
      double multiplier = step == 0 ? 1 : Math.ceil(s / decaySteps);
      d = decaySteps * multiplier;
    } else {
      s = Math.min(s, decaySteps);
    }
    return (initialLearningRate - endLearningRate) * Math.pow(1 - s / d, power) + endLearningRate;
  }

  @Override
  public String toString() {
    return "PolynomialDecay(initial_learning_rate=" + initialLearningRate + ", decay_steps="
        + decaySteps + ", end_learning_rate=" + endLearningRate + ", power=" + power + ", cycle="
        + cycle + ")";
  }
}
