package dev.kerac.runtime.metrics;

/**
 * The streaming true-positive, false-positive and false-negative counts shared by {@link Precision}
 * and {@link Recall}: a prediction is positive when {@code p > threshold} (strict), a label when it is
 * non-zero; all elements are pooled (micro-average).
 */
abstract class ConfusionCounts implements Metric {
  private final String name;
  private final float threshold;
  protected double truePositives;
  protected double falsePositives;
  protected double falseNegatives;

  ConfusionCounts(String name, float threshold) {
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
    falseNegatives = 0.0;
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
      int fn = 0;
      for (int i = 0; i < len; i++) {
        boolean predicted = p[i] > threshold;
        boolean actual = y[i] != 0f;
        if (predicted && actual) {
          tp++;
        } else if (predicted) {
          fp++;
        } else if (actual) {
          fn++;
        }
      }
      truePositives += w * tp;
      falsePositives += w * fp;
      falseNegatives += w * fn;
    }
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
