package dev.kerac.runtime.metrics;

/**
 * Keras {@code Precision}: {@code TP / (TP + FP)} (0 when nothing was predicted positive) over every
 * element seen since {@link #reset()}; all elements are pooled (micro-average). A prediction is
 * positive when {@code p > threshold} (strict), a label when it is non-zero.
 *
 * <pre>{@code
 * Metric precision = Metrics.precision();           // threshold 0.5
 * }</pre>
 */
public final class Precision implements Metric {
  private final String name;
  private final float threshold;
  private double truePositives;
  private double falsePositives;

  Precision(String name, float threshold) {
    this.name = Metrics.checkName(name);
    this.threshold = Metrics.checkThreshold(threshold);
  }

  public float threshold() {
    return threshold;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    truePositives = 0.0;
    falsePositives = 0.0;
  }

  @Override
  public void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    Metrics.checkBatch(name, yTrue, yPred, sampleWeight, batch, lastAxis);
    int len = batch == 0 ? 0 : yPred[0].length;
    for (int r = 0; r < batch; r++) {
      Metrics.checkRow(name, yTrue, yPred, r, len, len, false);
      float[] y = yTrue[r];
      float[] p = yPred[r];
      double w = sampleWeight == null ? 1.0 : sampleWeight[r];
      int tp = 0;
      int fp = 0;
      for (int i = 0; i < len; i++) {
        if (p[i] > threshold) {
          if (y[i] != 0f) {
            tp++;
          } else {
            fp++;
          }
        }
      }
      truePositives += w * tp;
      falsePositives += w * fp;
    }
  }

  @Override
  public double result() {
    double d = truePositives + falsePositives;
    return d == 0.0 ? 0.0 : truePositives / d;
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
