package dev.kerac.runtime.kernels;

/**
 * Working memory for one thread's share of a {@link MatrixKernels} call: a list of positions and
 * values (the non-zero inputs), a spare row, transposed blocks. Owned by one thread at a time; grows
 * (on the first calls at a new size), never shrinks.
 *
 * <pre>{@code
 * Scratch s = new Scratch();
 * s.ensure(784, 512);   // lists of 784, a row of 512
 * }</pre>
 */
public final class Scratch {
  int[] idx = new int[0];
  float[] val = new float[0];
  float[] row = new float[0];
  /** Inputs and outputs transposed, for kernels that run along the samples: [in][n] and [units][n]. */
  float[][] xt = new float[0][0];
  float[][] yt = new float[0][0];

  /** Makes room for lists of {@code list} entries and a row of {@code row} values (allocates only to grow). */
  public Scratch ensure(int list, int row) {
    if (idx.length < list) {
      idx = new int[list];
      val = new float[list];
    }
    if (this.row.length < row) {
      this.row = new float[row];
    }
    return this;
  }

  /** Makes room for {@code in} x {@code n} transposed inputs and {@code units} x {@code n} outputs. */
  void ensureMatrices(int in, int units, int n) {
    if (xt.length < in || xt[0].length < n) {
      xt = new float[Math.max(in, xt.length)][Math.max(n, xt.length == 0 ? 0 : xt[0].length)];
    }
    if (yt.length < units || yt[0].length < n) {
      yt = new float[Math.max(units, yt.length)][Math.max(n, yt.length == 0 ? 0 : yt[0].length)];
    }
  }
}
