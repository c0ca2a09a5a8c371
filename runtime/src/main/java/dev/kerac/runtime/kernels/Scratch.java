package dev.kerac.runtime.kernels;

/**
 * Working memory for one thread's share of a {@link MatrixKernels} call: a list of positions and
 * values (the non-zero inputs) and a spare row. Owned by one thread at a time; grows, never shrinks.
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
}
