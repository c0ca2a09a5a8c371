package dev.kerac.runtime.metrics;

/**
 * A streaming Keras metric: {@link #reset()}, {@link #update} per batch, {@link #result()} at any time.
 * Rows are as for losses. Create metrics with {@link Metrics}. No allocation per update.
 */
public interface Metric {

  /** The name shown in logs and the progress bar, e.g. {@code accuracy}. */
  String name();

  void reset();

  /** Accumulates {@code batch} samples; {@code sampleWeight} may be null. */
  void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis);

  double result();
}
