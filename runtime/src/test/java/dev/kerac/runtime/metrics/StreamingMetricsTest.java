package dev.kerac.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Streaming: two updates give the same result as one update with both batches, and reset forgets. */
class StreamingMetricsTest {
  private static final int K = 4;

  private record Kind(String name, Supplier<Metric> metric, boolean sparse, int lastAxis) {}

  @TestFactory
  Stream<DynamicTest> twoBatchesEqualOne() {
    Kind[] kinds = {
      new Kind("binary_accuracy", () -> Metrics.binaryAccuracy(0.5f), false, 1),
      new Kind("categorical_accuracy", Metrics::categoricalAccuracy, false, K),
      new Kind("sparse_categorical_accuracy", Metrics::sparseCategoricalAccuracy, true, K),
      new Kind("top_k", () -> Metrics.topKCategoricalAccuracy(2), false, K),
      new Kind("sparse_top_k", () -> Metrics.sparseTopKCategoricalAccuracy(2), true, K),
      new Kind("accuracy (shapes, sparse)", Metrics::accuracy, true, K),
      new Kind("accuracy (shapes, dense)", Metrics::accuracy, false, K),
      new Kind("mae", Metrics::meanAbsoluteError, false, K),
      new Kind("mse", Metrics::meanSquaredError, false, K),
      new Kind("rmse", Metrics::rootMeanSquaredError, false, K),
      new Kind("mape", () -> Metrics.byName("mape", null), false, K),
      new Kind("hinge", () -> Metrics.byName("hinge", null), false, K),
      new Kind("precision", Metrics::precision, false, K),
      new Kind("recall", Metrics::recall, false, K),
      new Kind("auc", Metrics::auc, false, 1),
      new Kind("mean", () -> Metrics.mean("loss"), false, K),
    };
    return Arrays.stream(kinds).flatMap(k -> Stream.of(
        DynamicTest.dynamicTest(k.name, () -> check(k, false)),
        DynamicTest.dynamicTest(k.name + " weighted", () -> check(k, true))));
  }

  private static void check(Kind kind, boolean weighted) {
    Random rnd = new Random(kind.name.hashCode());
    int b1 = 5;
    int b2 = 8;
    int positions = 2;
    int len = positions * kind.lastAxis;
    float[][] yAll = new float[b1 + b2][];
    float[][] pAll = new float[b1 + b2][len];
    float[] wAll = new float[b1 + b2];
    for (int r = 0; r < b1 + b2; r++) {
      if (kind.sparse) {
        yAll[r] = new float[positions];
        for (int i = 0; i < positions; i++) {
          yAll[r][i] = rnd.nextInt(kind.lastAxis);
        }
      } else {
        yAll[r] = new float[len];
        for (int i = 0; i < len; i++) {
          // mostly 0/1 labels, as accuracy and confusion metrics expect; mape needs non-zero targets
          yAll[r][i] = kind.name.equals("mape") ? 0.5f + rnd.nextInt(3) : rnd.nextInt(2);
        }
      }
      for (int i = 0; i < len; i++) {
        pAll[r][i] = rnd.nextFloat();
      }
      wAll[r] = 0.25f + rnd.nextInt(4);
    }
    float[] w = weighted ? wAll : null;
    Metric whole = kind.metric.get();
    whole.reset();
    whole.update(yAll, pAll, w, b1 + b2, kind.lastAxis);

    Metric streamed = kind.metric.get();
    streamed.reset();
    streamed.update(Arrays.copyOfRange(yAll, 0, b1), Arrays.copyOfRange(pAll, 0, b1),
        w == null ? null : Arrays.copyOfRange(w, 0, b1), b1, kind.lastAxis);
    streamed.update(Arrays.copyOfRange(yAll, b1, b1 + b2), Arrays.copyOfRange(pAll, b1, b1 + b2),
        w == null ? null : Arrays.copyOfRange(w, b1, b1 + b2), b2, kind.lastAxis);
    assertEquals(whole.result(), streamed.result(), 1e-12 * Math.max(1, Math.abs(whole.result())));

    // an empty batch changes nothing; reset forgets everything
    streamed.update(new float[0][], new float[0][], null, 0, kind.lastAxis);
    assertEquals(whole.result(), streamed.result(), 1e-12 * Math.max(1, Math.abs(whole.result())));
    double afterBatch1 = resultOf(kind, yAll, pAll, w, b1);
    streamed.reset();
    streamed.update(yAll, pAll, w, b1, kind.lastAxis);
    assertEquals(afterBatch1, streamed.result(), 1e-12 * Math.max(1, Math.abs(afterBatch1)));
  }

  private static double resultOf(Kind kind, float[][] y, float[][] p, float[] w, int batch) {
    Metric m = kind.metric.get();
    m.update(Arrays.copyOf(y, batch), Arrays.copyOf(p, batch), w == null ? null : Arrays.copyOf(w, batch),
        batch, kind.lastAxis);
    return m.result();
  }
}
