package dev.kerac.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.losses.Losses;
import org.junit.jupiter.api.Test;

/** Metric values against hand-computed expectations. */
class MetricsTest {

  private static double once(Metric m, float[][] y, float[][] p, float[] w, int lastAxis) {
    m.reset();
    m.update(y, p, w, p.length, lastAxis);
    return m.result();
  }

  @Test
  void binaryAccuracyUsesAStrictThreshold() {
    float[][] y = {{1}, {0}, {1}, {0}};
    float[][] p = {{.7f}, {.5f}, {.5f}, {.2f}}; // predicted 1, 0, 0, 0: right, right, wrong, right
    Metric m = Metrics.binaryAccuracy(0.5f);
    assertEquals("binary_accuracy", m.name());
    assertEquals(0.75, once(m, y, p, null, 1), 1e-15);
    // a weight of 0 on the wrong row removes it: 3 of 3
    assertEquals(1.0, once(m, y, p, new float[] {1, 1, 0, 1}, 1), 1e-15);
    // several elements per row: each row's fraction, averaged
    float[][] y2 = {{1, 0}, {1, 1}};
    float[][] p2 = {{.9f, .8f}, {.6f, .7f}};
    assertEquals(0.75, once(m, y2, p2, null, 2), 1e-15);
  }

  @Test
  void categoricalAccuracyTakesTheFirstMaximum() {
    float[][] y = {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}};
    float[][] p = {{.1f, .8f, .1f}, {.4f, .4f, .2f}, {.2f, .3f, .5f}}; // hit, tie -> class 0 miss, hit
    Metric m = Metrics.categoricalAccuracy();
    assertEquals("categorical_accuracy", m.name());
    assertEquals(2.0 / 3, once(m, y, p, null, 3), 1e-15);
  }

  @Test
  void sparseCategoricalAccuracyComparesIds() {
    float[][] ids = {{1}, {1}, {2}};
    float[][] p = {{.1f, .8f, .1f}, {.4f, .4f, .2f}, {.2f, .3f, .5f}};
    assertEquals(2.0 / 3, once(Metrics.sparseCategoricalAccuracy(), ids, p, null, 3), 1e-15);
    // rank-3 rows: two positions per sample, ids per position; 3 hits of 4
    float[][] ids2 = {{1, 0}, {2, 2}};
    float[][] p2 = {{0, 1, 0, 1, 0, 0}, {0, 0, 1, 1, 0, 0}};
    assertEquals(0.75, once(Metrics.sparseCategoricalAccuracy(), ids2, p2, null, 3), 1e-15);
  }

  @Test
  void topKCountsStrictlyHigherScores() {
    float[][] p = {{.1f, .5f, .3f, .1f}};
    assertEquals(1.0, once(Metrics.topKCategoricalAccuracy(2), new float[][] {{0, 0, 1, 0}}, p, null, 4));
    assertEquals(0.0, once(Metrics.topKCategoricalAccuracy(2), new float[][] {{1, 0, 0, 0}}, p, null, 4));
    // class 3 ties class 0 at 0.1: two classes score higher, so rank 3
    assertEquals(0.0, once(Metrics.topKCategoricalAccuracy(2), new float[][] {{0, 0, 0, 1}}, p, null, 4));
    assertEquals(1.0, once(Metrics.topKCategoricalAccuracy(3), new float[][] {{0, 0, 0, 1}}, p, null, 4));
    // ties favour the true class
    float[][] tie = {{.5f, .5f}};
    assertEquals(1.0, once(Metrics.topKCategoricalAccuracy(1), new float[][] {{0, 1}}, tie, null, 2));
    // NaN scores count as minus infinity
    float[][] nan = {{Float.NaN, .2f, .1f}};
    assertEquals(1.0, once(Metrics.sparseTopK(2), new float[][] {{2}}, nan, null, 3));
    assertEquals(0.0, once(Metrics.sparseTopK(2), new float[][] {{0}}, nan, null, 3));
    // sparse: ids 2, 0, 3 against the first scores with k=2 -> hit, miss, miss
    float[][] p3 = {p[0], p[0], p[0]};
    Metric sparse = Metrics.sparseTopKCategoricalAccuracy(2);
    assertEquals("sparse_top_k_categorical_accuracy", sparse.name());
    assertEquals(1.0 / 3, once(sparse, new float[][] {{2}, {0}, {3}}, p3, null, 4), 1e-15);
  }

  @Test
  void precisionAndRecallPoolAllElements() {
    // predictions > 0.5: 1, 1, 0, 0; labels (non-zero is positive) 1, 0, 1, 1 -> TP 1, FP 1, FN 2
    float[][] y = {{1, 0, 2, 1}};
    float[][] p = {{.9f, .6f, .5f, .2f}};
    assertEquals(0.5, once(Metrics.precision(), y, p, null, 4), 1e-15);
    assertEquals(1.0 / 3, once(Metrics.recall(), y, p, null, 4), 1e-15);
    // weights: second row counts twice. Row 2: TP 1 (0.8), FP 0, FN 0
    float[][] y2 = {{1, 0, 2, 1}, {1, 0, 0, 0}};
    float[][] p2 = {{.9f, .6f, .5f, .2f}, {.8f, .1f, .3f, .4f}};
    float[] w = {1, 2};
    assertEquals(3.0 / 4, once(Metrics.precision(), y2, p2, w, 4), 1e-15); // TP 1+2, FP 1
    assertEquals(3.0 / 5, once(Metrics.recall(), y2, p2, w, 4), 1e-15); // TP 3, FN 2
    // nothing predicted positive / no positive label: 0, not NaN
    assertEquals(0.0, once(Metrics.precision(), new float[][] {{1}}, new float[][] {{.1f}}, null, 1));
    assertEquals(0.0, once(Metrics.recall(), new float[][] {{0}}, new float[][] {{.9f}}, null, 1));
    // threshold 0.3: .9, .6, .5 predicted positive -> TP 2 (.9, .5), FP 1 (.6)
    assertEquals(2.0 / 3, once(Metrics.precision(0.3f), new float[][] {{1, 0, 1, 1}},
        new float[][] {{.9f, .6f, .5f, .2f}}, null, 4), 1e-15);
  }

  @Test
  void aucOfSeparatedScoresIsTheRankStatistic() {
    // 4 pairs (pos, neg): (.9,.8) (.9,.1) (.4,.1) ordered right, (.4,.8) wrong -> 3/4, and every
    // score sits in its own bucket, so the 200-threshold trapezoid is exact
    float[][] y = {{1}, {0}, {1}, {0}};
    float[][] p = {{.9f}, {.8f}, {.4f}, {.1f}};
    Metric auc = Metrics.auc();
    assertEquals("auc", auc.name());
    assertEquals(0.75, once(auc, y, p, null, 1), 1e-12);
    // zero weight on the positive at .4 leaves a perfect ranking
    assertEquals(1.0, once(auc, y, p, new float[] {1, 1, 0, 1}, 1), 1e-12);
    // one positive and one negative with the same score: the ROC is the diagonal
    assertEquals(0.5, once(auc, new float[][] {{1}, {0}}, new float[][] {{.5f}, {.5f}}, null, 1), 1e-12);
    // only one class seen: TPR or FPR is 0 everywhere
    assertEquals(0.0, once(auc, new float[][] {{1}, {1}}, new float[][] {{.3f}, {.6f}}, null, 1), 1e-12);
    // from logits: a sigmoid first keeps the order
    float[][] logits = {{2.2f}, {1.4f}, {-.4f}, {-2.2f}};
    assertEquals(0.75, once(Metrics.auc(200, true), y, logits, null, 1), 1e-12);
  }

  @Test
  void aucMatchesDirectThresholdCounting() {
    java.util.Random rnd = new java.util.Random(3);
    int n = 400;
    float[][] y = new float[n][1];
    float[][] p = new float[n][1];
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      y[i][0] = rnd.nextInt(3) == 0 ? 1 : 0;
      // positives score higher on average; some exactly 0 and 1, some shared values
      double s = rnd.nextDouble() * 0.8 + (y[i][0] == 1 ? 0.2 : 0.0);
      p[i][0] = i % 50 == 0 ? 0f : i % 50 == 1 ? 1f : i % 7 == 0 ? 0.25f : (float) s;
      w[i] = 0.5f + rnd.nextInt(3);
    }
    for (int thresholds : new int[] {200, 3, 17}) {
      assertEquals(trapezoid(y, p, null, thresholds), once(Metrics.auc(thresholds, false), y, p, null, 1),
          1e-12, "num_thresholds=" + thresholds);
      assertEquals(trapezoid(y, p, w, thresholds), once(Metrics.auc(thresholds, false), y, p, w, 1),
          1e-12, "weighted, num_thresholds=" + thresholds);
    }
  }

  /**
   * Keras' definition computed directly: float32 thresholds [-1e-7, 1/(N-1), ..., 1+1e-7], counts of
   * {@code p > t} per threshold, ROC trapezoids.
   */
  private static double trapezoid(float[][] y, float[][] p, float[] w, int n) {
    double[] tpr = new double[n];
    double[] fpr = new double[n];
    for (int i = 0; i < n; i++) {
      float t = i == 0 ? -1e-7f : i == n - 1 ? 1f + 1e-7f : (float) (i / (double) (n - 1));
      double tp = 0;
      double fp = 0;
      double fn = 0;
      double tn = 0;
      for (int r = 0; r < p.length; r++) {
        double weight = w == null ? 1 : w[r];
        boolean predicted = p[r][0] > t;
        boolean positive = y[r][0] != 0;
        if (positive && predicted) {
          tp += weight;
        } else if (positive) {
          fn += weight;
        } else if (predicted) {
          fp += weight;
        } else {
          tn += weight;
        }
      }
      tpr[i] = tp + fn == 0 ? 0 : tp / (tp + fn);
      fpr[i] = fp + tn == 0 ? 0 : fp / (fp + tn);
    }
    double area = 0;
    for (int i = 0; i < n - 1; i++) {
      area += (fpr[i] - fpr[i + 1]) * (tpr[i] + tpr[i + 1]) / 2;
    }
    return area;
  }

  @Test
  void regressionMetricsStreamTheLossValues() {
    float[][] y = {{0, 0}, {0, 0}};
    float[][] p = {{1, 1}, {3, 3}};
    Metric mae = Metrics.meanAbsoluteError();
    assertEquals("mean_absolute_error", mae.name());
    assertEquals(2.0, once(mae, y, p, null, 2), 1e-12);
    // weighted: (1 * 1 + 3 * 3) / (1 + 3)
    assertEquals(2.5, once(mae, y, p, new float[] {1, 3}, 2), 1e-12);
    assertEquals(5.0, once(Metrics.meanSquaredError(), y, p, null, 2), 1e-12);
    // the root is taken at the end: batches with MSE 1 and 4 give sqrt(2.5), not 1.5
    Metric rmse = Metrics.rootMeanSquaredError();
    rmse.reset();
    rmse.update(new float[][] {{0}}, new float[][] {{1}}, null, 1, 1);
    rmse.update(new float[][] {{0}}, new float[][] {{2}}, null, 1, 1);
    assertEquals(Math.sqrt(2.5), rmse.result(), 1e-12);
    // the cosine similarity metric is positive (+1 best)
    assertEquals(1.0, once(Metrics.byName("cosine_similarity", null), new float[][] {{1, 0}},
        new float[][] {{2, 0}}, null, 2), 1e-12);
  }

  @Test
  void meanIsWeightedByBatchSize() {
    Mean loss = Metrics.mean("loss");
    assertEquals("loss", loss.name());
    assertEquals(0.0, loss.result());
    loss.update(1.0, 2);
    loss.update(4.0, 1);
    assertEquals(2.0, loss.result(), 1e-15);
    loss.reset();
    assertEquals(0.0, loss.result());
    // as a Metric: the elements of yPred, rows weighted
    loss.update(null, new float[][] {{1, 3}, {10, 10}}, new float[] {1, 0.5f}, 2, 2);
    assertEquals((1 + 3 + 0.5 * 20) / 3.0, loss.result(), 1e-15);
  }

  @Test
  void accuracyIsResolvedAsKerasDoes() {
    assertInstanceOf(BinaryAccuracy.class, Metrics.accuracyFor(Losses.BINARY_CROSSENTROPY, 1));
    assertInstanceOf(BinaryAccuracy.class, Metrics.accuracyFor(Losses.MEAN_SQUARED_ERROR, 1));
    assertInstanceOf(SparseCategoricalAccuracy.class,
        Metrics.accuracyFor(Losses.SPARSE_CATEGORICAL_CROSSENTROPY, 10));
    assertInstanceOf(CategoricalAccuracy.class, Metrics.accuracyFor(Losses.CATEGORICAL_CROSSENTROPY, 10));
    // multi-label binary crossentropy: Keras picks categorical accuracy from the shapes
    assertInstanceOf(CategoricalAccuracy.class, Metrics.accuracyFor(Losses.BINARY_CROSSENTROPY, 4));
    assertEquals("accuracy", Metrics.accuracyFor(Losses.CATEGORICAL_CROSSENTROPY, 10).name());
    assertInstanceOf(SparseCategoricalAccuracy.class,
        Metrics.byName("acc", Losses.SPARSE_CATEGORICAL_CROSSENTROPY));
    assertEquals("acc", Metrics.byName("acc", null).name());
    assertEquals("Accuracy", Metrics.byName("Accuracy", null).name());

    // without a loss: from the shapes of each update
    Metric acc = Metrics.byName(Metrics.ACCURACY, null);
    float[][] p = {{.1f, .8f, .1f}, {.4f, .4f, .2f}};
    assertEquals(0.5, once(acc, new float[][] {{1}, {1}}, p, null, 3), 1e-15); // sparse ids
    assertEquals(0.5, once(acc, new float[][] {{0, 1, 0}, {0, 1, 0}}, p, null, 3), 1e-15); // one-hot
    assertEquals(0.5, once(acc, new float[][] {{1}, {1}}, new float[][] {{.6f}, {.4f}}, null, 1), 1e-15);
    assertEquals(0.5, once(Metrics.accuracy(), new float[][] {{1}, {1}}, p, null, 3), 1e-15);
  }

  @Test
  void namesFollowTheIdentifier() {
    String[][] expected = {
      {"mse", "mse"}, {"mae", "mae"}, {"mape", "mape"}, {"msle", "msle"}, {"precision", "precision"},
      {"Precision", "Precision"}, {"recall", "recall"}, {"auc", "auc"}, {"AUC", "AUC"},
      {"binary_accuracy", "binary_accuracy"}, {"top_k_categorical_accuracy", "top_k_categorical_accuracy"},
      {"kl_divergence", "kl_divergence"}, {"binary_crossentropy", "binary_crossentropy"},
    };
    for (String[] e : expected) {
      assertEquals(e[1], Metrics.byName(e[0], null).name());
    }
    assertInstanceOf(AUC.class, Metrics.byName("AUC", null));
    assertInstanceOf(LossMetric.class, Metrics.byName("msle", null));
    assertEquals(5, ((TopKCategoricalAccuracy) Metrics.byName("top_k_categorical_accuracy", null)).k());
  }

  @Test
  void badArgumentsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metrics.byName("f1", null));
    assertTrue(e.getMessage().contains("unknown metric 'f1'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.byName(null, null));
    assertThrows(IllegalArgumentException.class, () -> Metrics.topKCategoricalAccuracy(0));
    assertThrows(IllegalArgumentException.class, () -> Metrics.binaryAccuracy(1.5f));
    assertThrows(IllegalArgumentException.class, () -> Metrics.auc(1, false));
    assertThrows(IllegalArgumentException.class, () -> Metrics.accuracyFor(null, 0));
    assertThrows(IllegalArgumentException.class, () -> Metrics.mean(""));
    Metric acc = Metrics.categoricalAccuracy();
    IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
        () -> acc.update(new float[][] {{1}}, new float[][] {{.5f, .5f}}, null, 1, 2));
    assertTrue(row.getMessage().contains("yTrue row 0 has 1 values, expected 2"), row.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.precision().update(new float[][] {{1}}, new float[][] {{1}}, null, 2, 1));
  }
}
