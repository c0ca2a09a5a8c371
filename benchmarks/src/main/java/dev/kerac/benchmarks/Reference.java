package dev.kerac.benchmarks;

import dev.kerac.benchmarks.engines.InferenceEngine;
import java.util.Arrays;

/**
 * The check every engine passes before it is timed: its outputs on the model's {@code ref_input}, one
 * sample at a time and as one batch, equal {@code ref_output} within {@link #TOLERANCE}. A benchmark
 * that compares different computations is worthless, so a failure throws.
 *
 * <pre>{@code
 * Reference.check(engine, PeerModel.SEED.weights());   // throws IllegalStateException on a mismatch
 * }</pre>
 */
public final class Reference {
  /** Largest allowed absolute difference from {@code ref_output} (outputs are probabilities). */
  public static final float TOLERANCE = 1e-5f;

  private Reference() {}

  /**
   * Checks single-sample and batched outputs; the engine must accept batches of
   * {@code ref_input.length} samples.
   *
   * @return the largest absolute difference seen
   * @throws IllegalStateException naming the engine, sample and output on a mismatch
   */
  public static float check(InferenceEngine engine, Npz npz) {
    float[][] x = npz.refInput();
    float[][] expected = npz.refOutput();
    float worst = 0;
    float[][] got = new float[x.length][expected[0].length];
    for (int b = 0; b < x.length; b++) {
      engine.predict(x[b], got[b]);
    }
    worst = Math.max(worst, compare(engine.name() + " predict", got, expected));
    float[][] batched = new float[x.length][expected[0].length];
    engine.predictBatch(x, x.length, batched);
    worst = Math.max(worst, compare(engine.name() + " predictBatch", batched, expected));
    return worst;
  }

  /** Compares rows and returns the largest absolute difference, throwing above the tolerance. */
  public static float compare(String what, float[][] got, float[][] expected) {
    float worst = 0;
    for (int b = 0; b < expected.length; b++) {
      for (int k = 0; k < expected[b].length; k++) {
        float d = Math.abs(got[b][k] - expected[b][k]);
        if (!(d <= TOLERANCE)) {
          throw new IllegalStateException(what + ": output differs from ref_output at sample " + b
              + ", output " + k + ": got " + got[b][k] + ", expected " + expected[b][k]
              + " (tolerance " + TOLERANCE + ")\n  got      " + Arrays.toString(got[b])
              + "\n  expected " + Arrays.toString(expected[b]));
        }
        worst = Math.max(worst, d);
      }
    }
    return worst;
  }
}
