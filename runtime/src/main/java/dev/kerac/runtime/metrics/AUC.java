package dev.kerac.runtime.metrics;

/**
 * Keras {@code AUC} with its defaults: area under the ROC curve, {@code num_thresholds = 200},
 * {@code summation_method = "interpolation"} (trapezoids). The thresholds are
 * {@code [-eps, 1/(N-1), ..., (N-2)/(N-1), 1+eps]}; at each one an element is predicted positive when
 * {@code p > threshold}, and labels are positive when non-zero. Predictions are clipped to [0, 1]
 * (after a sigmoid when {@code fromLogits}). As in Keras, each prediction is counted in one bucket
 * ({@code ceil(p (N-1)) - 1}), and the per-threshold counts are cumulative sums of the buckets.
 * Result: {@code sum_i (FPR_i - FPR_{i+1}) (TPR_i + TPR_{i+1}) / 2}.
 *
 * <pre>{@code
 * Metric auc = Metrics.auc();
 * auc.update(labels, scores, null, batch, 1);
 * double area = auc.result();
 * }</pre>
 */
public final class AUC implements Metric {
  private final String name;
  private final int numThresholds;
  private final boolean fromLogits;
  // weighted positive / negative labels per bucket: bucket b is above thresholds 0..b
  private final double[] positiveBuckets;
  private final double[] negativeBuckets;

  AUC(String name, int numThresholds, boolean fromLogits) {
    this.name = Metrics.checkName(name);
    if (numThresholds < 2) {
      throw new IllegalArgumentException("AUC num_thresholds must be > 1, got " + numThresholds);
    }
    this.numThresholds = numThresholds;
    this.fromLogits = fromLogits;
    this.positiveBuckets = new double[numThresholds];
    this.negativeBuckets = new double[numThresholds];
  }

  public int numThresholds() {
    return numThresholds;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void reset() {
    for (int i = 0; i < numThresholds; i++) {
      positiveBuckets[i] = 0.0;
      negativeBuckets[i] = 0.0;
    }
  }

  @Override
  public void update(float[][] yTrue, float[][] yPred, float[] sampleWeight, int batch, int lastAxis) {
    Metrics.checkBatch(name, yTrue, yPred, sampleWeight, batch, lastAxis);
    int len = batch == 0 ? 0 : yPred[0].length;
    float steps = numThresholds - 1;
    for (int r = 0; r < batch; r++) {
      Metrics.checkRow(name, yTrue, yPred, r, len, len, false);
      float[] y = yTrue[r];
      float[] p = yPred[r];
      double w = sampleWeight == null ? 1.0 : sampleWeight[r];
      for (int i = 0; i < len; i++) {
        float v = fromLogits ? (float) (1.0 / (1.0 + Math.exp(-(double) p[i]))) : p[i];
        v = Math.min(Math.max(v, 0f), 1f);
        // float arithmetic as in Keras; the first and last thresholds (-eps, 1+eps) make p=0 land in
        // bucket 0 and p=1 in bucket N-2
        int bucket = Math.max((int) Math.ceil(v * steps) - 1, 0);
        if (y[i] != 0f) {
          positiveBuckets[bucket] += w;
        } else {
          negativeBuckets[bucket] += w;
        }
      }
    }
  }

  @Override
  public double result() {
    double allPositive = 0.0;
    double allNegative = 0.0;
    for (int b = 0; b < numThresholds; b++) {
      allPositive += positiveBuckets[b];
      allNegative += negativeBuckets[b];
    }
    // walk thresholds from the highest down, keeping TP/FP of threshold i+1
    double tp = positiveBuckets[numThresholds - 1];
    double fp = negativeBuckets[numThresholds - 1];
    double tprNext = rate(tp, allPositive);
    double fprNext = rate(fp, allNegative);
    double area = 0.0;
    for (int i = numThresholds - 2; i >= 0; i--) {
      tp += positiveBuckets[i];
      fp += negativeBuckets[i];
      double tpr = rate(tp, allPositive);
      double fpr = rate(fp, allNegative);
      area += (fpr - fprNext) * (tpr + tprNext) / 2.0;
      tprNext = tpr;
      fprNext = fpr;
    }
    return area;
  }

  /** {@code part / all}, 0 when {@code all} is 0 (Keras' divide_no_nan). */
  private static double rate(double part, double all) {
    return all == 0.0 ? 0.0 : part / all;
  }

  @Override
  public String toString() {
    return name + "=" + result();
  }
}
