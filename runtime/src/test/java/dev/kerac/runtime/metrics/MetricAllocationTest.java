package dev.kerac.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** After warm-up, metric {@code update}, {@code result} and {@code reset} allocate nothing. */
class MetricAllocationTest {
  private static final int B = 32;
  private static final int K = 10;

  @Test
  void updatesAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);

    Random rnd = new Random(2);
    float[][] dense = new float[B][K];
    float[][] ids = new float[B][1];
    float[][] probs = new float[B][K];
    float[] weights = new float[B];
    for (int r = 0; r < B; r++) {
      dense[r][rnd.nextInt(K)] = 1f;
      ids[r][0] = rnd.nextInt(K);
      weights[r] = rnd.nextFloat();
      for (int j = 0; j < K; j++) {
        probs[r][j] = rnd.nextFloat();
      }
    }
    Metric[] denseMetrics = {
      Metrics.binaryAccuracy(0.5f), Metrics.categoricalAccuracy(), Metrics.topKCategoricalAccuracy(5),
      Metrics.meanAbsoluteError(), Metrics.meanSquaredError(), Metrics.rootMeanSquaredError(),
      Metrics.precision(), Metrics.recall(), Metrics.auc(), Metrics.accuracy(), Metrics.mean("loss"),
      Metrics.byName("hinge", null),
    };
    Metric[] sparseMetrics = {
      Metrics.sparseCategoricalAccuracy(), Metrics.sparseTopKCategoricalAccuracy(5), Metrics.accuracy(),
      Metrics.byName("sparse_categorical_crossentropy", null),
    };
    Mean loss = Metrics.mean("loss");
    double sink = 0;
    // The least over rounds 1..5 (round 0 warms up): a per-update allocation shows in every round,
    // while the JVM now and then charges a one-off few dozen bytes of JIT bookkeeping to the thread.
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int rep = 0; rep < 2000; rep++) {
        for (Metric m : denseMetrics) {
          m.update(dense, probs, weights, B, K);
          m.update(dense, probs, null, B, K);
          sink += m.result();
        }
        for (Metric m : sparseMetrics) {
          m.update(ids, probs, null, B, K);
          sink += m.result();
        }
        loss.update(0.5, B);
        sink += loss.result();
        if (rep % 100 == 0) {
          for (Metric m : denseMetrics) {
            m.reset();
          }
        }
      }
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      long overhead = measurementOverhead(threads);
      if (round > 0) {
        least = Math.min(least, Math.max(0, allocated - overhead));
      }
    }
    assertEquals(0, least, "bytes allocated by 2000 rounds of updates");
    assertTrue(sink > 0, "the results are used, so no call is dead code");
  }

  /** Bytes the two counter reads themselves may cost. */
  private static long measurementOverhead(com.sun.management.ThreadMXBean threads) {
    long id = Thread.currentThread().getId();
    long a = threads.getThreadAllocatedBytes(id);
    long b = threads.getThreadAllocatedBytes(id);
    return b - a;
  }
}
