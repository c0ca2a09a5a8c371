package dev.kerac.runtime.optimizers.schedules;

/**
 * Keras {@code CosineDecayRestarts} (SGDR): cosine decay over {@code firstDecaySteps}, then a restart;
 * each period is {@code tMul} times longer than the previous and starts at {@code mMul} times its rate.
 * In period {@code i} at fraction {@code f}:
 * {@code initial * ((1 - alpha) * 0.5 * mMul^i * (1 + cos(pi * f)) + alpha)}.
 *
 * <pre>{@code
 * new SGD(new CosineDecayRestarts(0.1, 1000));   // t_mul=2, m_mul=1, alpha=0
 * }</pre>
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
  private final double initialLearningRate;
  private final double firstDecaySteps;
  private final double tMul;
  private final double mMul;
  private final double alpha;

  /** Keras defaults: {@code t_mul=2.0, m_mul=1.0, alpha=0.0}. */
  public CosineDecayRestarts(double initialLearningRate, double firstDecaySteps) {
    this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
  }

  public CosineDecayRestarts(
      double initialLearningRate, double firstDecaySteps, double tMul, double mMul, double alpha) {
    this.initialLearningRate = Schedules.finite("initial_learning_rate", initialLearningRate);
    this.firstDecaySteps = Schedules.positive("first_decay_steps", firstDecaySteps);
    this.tMul = Schedules.positive("t_mul", tMul);
    this.mMul = Schedules.finite("m_mul", mMul);
    this.alpha = Schedules.finite("alpha", alpha);
  }

  @Override
  public double at(long step) {
    double fraction = step / firstDecaySteps;
    double restart;
    if (tMul == 1.0) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // Periods 1, t, t^2, ...: restart i starts at (1 - t^i) / (1 - t) periods.
      restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
      double start = (1 - Math.pow(tMul, restart)) / (1 - tMul);
      // The logarithm can land just off an exact period boundary: move to the period holding it.
      if (fraction < start) {
        restart -= 1;
        start = (1 - Math.pow(tMul, restart)) / (1 - tMul);
      } else {
        double next = (1 - Math.pow(tMul, restart + 1)) / (1 - tMul);
        if (fraction >= next) {
          restart += 1;
          start = next;
        }
      }
      fraction = (fraction - start) / Math.pow(tMul, restart);
    }
    double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
    return initialLearningRate * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public String toString() {
    return "CosineDecayRestarts(initial_learning_rate=" + initialLearningRate + ", first_decay_steps="
        + firstDecaySteps + ", t_mul=" + tMul + ", m_mul=" + mMul + ", alpha=" + alpha + ")";
  }
}
