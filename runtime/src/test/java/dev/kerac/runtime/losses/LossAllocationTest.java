package dev.kerac.runtime.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** After warm-up, {@code compute} and {@code computeFused} allocate nothing. */
class LossAllocationTest {
  private static final int B = 32;
  private static final int K = 10;

  @Test
  void computeAndComputeFusedAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);

    Random rnd = new Random(1);
    float[][] dense = new float[B][K];
    float[][] ids = new float[B][1];
    float[][] probs = new float[B][K];
    float[][] grad = new float[B][K];
    float[] weights = new float[B];
    for (int r = 0; r < B; r++) {
      dense[r][rnd.nextInt(K)] = 1f;
      ids[r][0] = rnd.nextInt(K);
      weights[r] = rnd.nextFloat();
      for (int j = 0; j < K; j++) {
        probs[r][j] = 0.01f + rnd.nextFloat();
      }
    }
    Loss[] losses = {
      Losses.MEAN_SQUARED_ERROR, Losses.MEAN_ABSOLUTE_ERROR, Losses.MEAN_ABSOLUTE_PERCENTAGE_ERROR,
      Losses.MEAN_SQUARED_LOGARITHMIC_ERROR, Losses.POISSON, Losses.KL_DIVERGENCE, Losses.LOG_COSH,
      Losses.HUBER, Losses.HINGE, Losses.SQUARED_HINGE, Losses.CATEGORICAL_HINGE,
      Losses.COSINE_SIMILARITY, Losses.BINARY_CROSSENTROPY, Losses.binaryCrossentropy(true, 0.1f),
      Losses.CATEGORICAL_CROSSENTROPY, Losses.categoricalCrossentropy(true, 0.1f),
      Losses.SPARSE_CATEGORICAL_CROSSENTROPY, Losses.sparseCategoricalCrossentropy(true),
    };
    double sink = 0;
    for (int round = 0; round < 2; round++) { // warm-up, then measure the same calls
      long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
      for (int rep = 0; rep < 2000; rep++) {
        for (Loss loss : losses) {
          float[][] y = loss instanceof SparseCategoricalCrossentropy ? ids : dense;
          sink += loss.compute(y, probs, weights, B, K, grad);
          sink += loss.compute(y, probs, null, B, K, null);
        }
        sink += Losses.CATEGORICAL_CROSSENTROPY.computeFused(dense, probs, weights, B, K, grad);
        sink += Losses.SPARSE_CATEGORICAL_CROSSENTROPY.computeFused(ids, probs, null, B, K, grad);
        sink += Losses.BINARY_CROSSENTROPY.computeFused(dense, probs, weights, B, K, grad);
      }
      long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
      long overhead = measurementOverhead(threads);
      if (round == 1) {
        assertEquals(0, Math.max(0, allocated - overhead),
            "bytes allocated by 2000 x " + (2 * losses.length + 3) + " loss calls");
      }
    }
    assertTrue(Double.isFinite(sink), "the loss values are used, so no call is dead code");
  }

  /** Bytes the two counter reads themselves may cost. */
  private static long measurementOverhead(com.sun.management.ThreadMXBean threads) {
    long id = Thread.currentThread().getId();
    long a = threads.getThreadAllocatedBytes(id);
    long b = threads.getThreadAllocatedBytes(id);
    return b - a;
  }
}
