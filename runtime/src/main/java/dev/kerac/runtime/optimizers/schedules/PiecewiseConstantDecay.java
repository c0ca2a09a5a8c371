package dev.kerac.runtime.optimizers.schedules;

import java.util.Arrays;

/**
 * Keras {@code PiecewiseConstantDecay}: {@code values[0]} while {@code step <= boundaries[0]},
 * {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]}, and the last value after the
 * last boundary.
 *
 * <pre>{@code
 * // 1.0 for steps 0..100000, 0.5 for 100001..110000, then 0.1
 * new SGD(new PiecewiseConstantDecay(new long[] {100000, 110000}, new double[] {1.0, 0.5, 0.1}));
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  /**
   * @param boundaries increasing step boundaries
   * @param values one more value than boundaries
   */
  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (boundaries == null || values == null || values.length != boundaries.length + 1) {
      throw new IllegalArgumentException(
          "PiecewiseConstantDecay needs one more value than boundaries, got "
              + (boundaries == null ? "null" : boundaries.length) + " boundaries and "
              + (values == null ? "null" : values.length) + " values");
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException(
            "boundaries must increase, got " + Arrays.toString(boundaries));
      }
    }
    for (double v : values) {
      Schedules.finite("values", v);
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public double at(long step) {
    for (int i = 0; i < boundaries.length; i++) {
      if (step <= boundaries[i]) {
        return values[i];
      }
    }
    return values[boundaries.length];
  }

  @Override
  public String toString() {
    return "PiecewiseConstantDecay(boundaries=" + Arrays.toString(boundaries) + ", values="
        + Arrays.toString(values) + ")";
  }
}
