package dev.kerac.runtime.kernels;

/**
 * The matrix products of dense layers, over the kerac row layout: sample {@code b} is row {@code x[b]},
 * a kernel {@code [in, units]} is {@code in} rows of {@code units} (Keras's layout). Every operation
 * works on a sub-range so that a {@link Workers} pool can split it.
 *
 * <p>Two implementations: {@link ScalarKernels} (plain loops the JIT auto-vectorizes, always
 * available) and a Vector API one chosen by {@link Kernels#best()} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. Both compute every output element as the same chain of
 * fused multiply-adds, in the same order, whatever the blocking and however a range is split
 * between threads, so <b>they give the same results</b>: with or without the Vector API and on any
 * number of threads (for finite values; zero inputs may be skipped, which at most turns a sum of
 * exactly {@code -0.0} into {@code +0.0}). The chains:
 * <ul>
 *   <li>{@link #linear} and {@link #linearSparse}: {@code y = bias}, then {@code y = fma(x_i, w_i, y)}
 *       for inputs {@code i} in order (so one sample gives the same bits alone and in a batch);
 *   <li>{@link #weightGradient}: {@code g = 0}, {@code g = fma(x_b, dz_b, g)} for samples {@code b} in
 *       order, then {@code gw += g};
 *   <li>{@link #biasGradient}: {@code gb += dz_b} for samples in order.
 * </ul>
 * Implementations are stateless and allocate nothing.
 *
 * <pre>{@code
 * MatrixKernels k = Kernels.best();
 * k.linear(x, 0, batch, kernel, bias, y, in, 0, units, true, scratch);   // y = relu(x @ kernel + bias)
 * }</pre>
 */
public interface MatrixKernels {

  /** A short name for logs and reports, e.g. {@code scalar} or {@code vector-512}. */
  String name();

  /**
   * {@code y[b][o] = act(bias[o] + sum_i x[b][i] * w[i][o])} for samples {@code [b0, b1)} and units
   * {@code [o0, o1)}, where {@code act} is ReLU ({@code max(v, 0)}) when {@code relu} is set, else the
   * identity. {@code bias} has at least {@code o1} values (zeros for a layer without bias).
   *
   * @param s the calling thread's scratch, with lists of at least {@code in}
   */
  void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0, int o1,
      boolean relu, Scratch s);

  /**
   * One sample given by a list of its inputs (usually the non-zero ones, see {@link #gather}):
   * {@code y[o] = act(bias[o] + sum_k val[k] * w[idx[k]][o])} for units {@code [o0, o1)}. Single-sample
   * inference is bound by reading the kernel, so skipping the rows of zero inputs pays directly.
   *
   * @param s the calling thread's scratch
   */
  void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o0, int o1,
      boolean relu, Scratch s);

  /**
   * Writes the positions and values of the non-zero elements of {@code x[0..n)} to {@code idx} and
   * {@code val} (each at least {@code n} long) and returns how many there are.
   */
  static int gather(float[] x, int n, int[] idx, float[] val) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      float v = x[i];
      // Branch-free: always write, advance only past a non-zero (zeros are unpredictable).
      idx[count] = i;
      val[count] = v;
      count += v != 0f ? 1 : 0;
    }
    return count;
  }

  /**
   * The weight gradient from the transposed inputs {@code xt[i][b] = x[b][i]}:
   * {@code gw[i][o] += sum_b xt[i][b] * dz[b][o]} over samples {@code [0, batch)}, for kernel rows
   * {@code [i0, i1)} and all {@code units}. (Transposed, a row block's inputs are a few contiguous
   * rows, loop-invariant in the inner loop over samples.)
   *
   * @param s the calling thread's scratch, with lists of at least {@code batch} and a row of {@code units}
   */
  void weightGradient(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      Scratch s);

  /** {@code gb[o] += sum_b dz[b][o]}, samples in order. */
  void biasGradient(float[][] dz, int batch, float[] gb, int units);

  /** {@code t[c][r] = a[r][c]} for rows {@code [r0, r1)} and columns {@code [c0, c1)} of {@code a}. */
  void transpose(float[][] a, float[][] t, int r0, int r1, int c0, int c1);

  /**
   * How {@link DenseOp} computes the input gradient {@code dx = dz @ kernel^T} with {@link #linear}:
   * when true, as {@code dx^T = kernel @ dz^T} (the kernel's rows as they are, the gradient transposed:
   * register blocks need no transposed kernel, and dz is much smaller than the kernel); when false, as
   * {@code dz @ (transposed kernel)}, which skips the zeros of ReLU gradients. Either way each element
   * is the same chain, in the same order.
   */
  default boolean inputGradientFromKernelRows() {
    return false;
  }

  /** ReLU's backward pass in place, from its output: {@code dy[b][k] = y[b][k] > 0 ? dy[b][k] : 0}. */
  void reluBackward(float[][] y, float[][] dy, int b0, int b1, int n);
}
