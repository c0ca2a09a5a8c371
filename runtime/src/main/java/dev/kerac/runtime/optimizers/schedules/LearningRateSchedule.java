package dev.kerac.runtime.optimizers.schedules;

/**
 * A learning rate that depends on the optimizer step, as Keras
 * {@code keras.optimizers.schedules.LearningRateSchedule}. {@code step} is the optimizer's
 * {@code iterations} before the update (0 for the first step). Implementations must not allocate: they
 * run on every training step.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new ExponentialDecay(0.1, 1000, 0.96, false));
 * LearningRateSchedule warm = step -> Math.min(1.0, (step + 1) / 100.0) * 1e-3;
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate at 0-based optimizer step {@code step}. */
  double at(long step);
}
