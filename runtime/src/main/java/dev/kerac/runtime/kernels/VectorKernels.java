package dev.kerac.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MatrixKernels} with the JDK's Vector API: register-blocked micro-kernels that keep a 4 x 4
 * block of accumulator vectors (4 samples x 4 vectors of units) in registers across the whole inner
 * loop, so each loaded kernel vector feeds four fused multiply-adds and nothing is stored until the
 * block is done. That is what lifts a Dense layer from the ~40 GFLOP/s of auto-vectorized AXPY loops
 * (one load and one store per multiply-add) towards the FMA peak.
 *
 * <p>Compiled with {@code --add-modules jdk.incubator.vector} in a separate compiler pass and only
 * loaded by {@link Kernels#best()} when the JVM has that module; the rest of kerac never refers to it.
 *
 * <p>Rules the code keeps, so that C2 turns every vector into a register: no method takes or returns a
 * vector (an un-inlined call would box it), no branch inside a loop that carries vectors, no masked
 * access at an array's end (not an intrinsic on JDK 17), and a single vector size: C2 inlines the
 * Vector API's shared code by the types it has seen there, and with two sizes it merges their paths
 * and boxes the vectors. Units narrower than a vector go to {@link Narrow}.
 *
 * <p>And so that results do not depend on how {@link DenseOp} splits a range between threads, nor on
 * the implementation: an output element is always the chain of FMAs {@link MatrixKernels} specifies,
 * whichever block computes it; blocks may overlap columns already written, which get the same bits
 * again.
 */
final class VectorKernels implements MatrixKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  @Override
  public boolean inputGradientFromKernelRows() {
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Forward: y = act(x @ w + bias)

  @Override
  public void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0,
      int o1, boolean relu, Scratch s) {
    int o = o0;
    for (; o + 4 * L <= o1; o += 4 * L) {
      int b = b0;
      for (; b + 4 <= b1; b += 4) {
        block4x4(x, b, w, bias, y, in, o, relu);
      }
      for (; b < b1; b++) {
        block1x4(x[b], w, bias, y[b], in, o, relu);
      }
    }
    for (; o + L <= o1; o += L) {
      vectorColumn(x, b0, b1, w, bias, y, in, o, relu);
    }
    if (o < o1 && o1 - L >= o0) {
      // The last full vector, overlapping columns already done: they get the same values again.
      vectorColumn(x, b0, b1, w, bias, y, in, o1 - L, relu);
      return;
    }
    if (o < o1 && b1 - b0 >= L) {
      bySamples(x, b0, b1, w, bias, y, in, o, o1, relu, s);
    } else if (o < o1) {
      Narrow.linear(x, b0, b1, w, bias, y, in, o, o1, relu, o0);
    }
  }

  /**
   * Fewer units than a vector (an output layer) but at least a vector of samples: vectors along the
   * samples instead, from the inputs transposed (a few microseconds), 4 units x 4 vectors of samples
   * per register block, the same chain per element. The samples past the last whole vector go to
   * {@link Narrow}.
   */
  private static void bySamples(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in,
      int o0, int o1, boolean relu, Scratch s) {
    int n = (b1 - b0) / L * L;
    s.ensureMatrices(in, o1, n);
    float[][] xt = s.xt;
    float[][] yt = s.yt;
    ScalarKernels.transposeBlock(x, xt, b0, b0 + n, 0, in, b0);
    int o = o0;
    while (o < o1) {
      if (o1 - o0 < 4) {
        samplesColumn(xt, n, w, bias, yt, in, o, relu);
        o++;
      } else {
        int p = Math.min(o, o1 - 4); // the last group overlaps: same values again
        samples4(xt, n, w, bias, yt, in, p, relu);
        o = p + 4;
      }
    }
    for (int b = b0; b < b0 + n; b++) {
      float[] yb = y[b];
      for (int j = o0; j < o1; j++) {
        yb[j] = yt[j][b - b0];
      }
    }
    if (b0 + n < b1) {
      Narrow.linear(x, b0 + n, b1, w, bias, y, in, o0, o1, relu, o0);
    }
  }

  /** Units p..p+3 for samples [0, n) of the transposed inputs (n a multiple of L). */
  private static void samples4(float[][] xt, int n, float[][] w, float[] bias, float[][] yt, int in, int p,
      boolean relu) {
    int v = 0;
    for (; v + 4 * L <= n; v += 4 * L) {
      FloatVector b0 = FloatVector.broadcast(S, bias[p]);
      FloatVector b1 = FloatVector.broadcast(S, bias[p + 1]);
      FloatVector b2 = FloatVector.broadcast(S, bias[p + 2]);
      FloatVector b3 = FloatVector.broadcast(S, bias[p + 3]);
      FloatVector c00 = b0, c01 = b0, c02 = b0, c03 = b0;
      FloatVector c10 = b1, c11 = b1, c12 = b1, c13 = b1;
      FloatVector c20 = b2, c21 = b2, c22 = b2, c23 = b2;
      FloatVector c30 = b3, c31 = b3, c32 = b3, c33 = b3;
      for (int i = 0; i < in; i++) {
        float[] xi = xt[i];
        float[] wr = w[i];
        FloatVector x0 = FloatVector.fromArray(S, xi, v);
        FloatVector x1 = FloatVector.fromArray(S, xi, v + L);
        FloatVector x2 = FloatVector.fromArray(S, xi, v + 2 * L);
        FloatVector x3 = FloatVector.fromArray(S, xi, v + 3 * L);
        FloatVector a = FloatVector.broadcast(S, wr[p]);
        c00 = x0.fma(a, c00);
        c01 = x1.fma(a, c01);
        c02 = x2.fma(a, c02);
        c03 = x3.fma(a, c03);
        a = FloatVector.broadcast(S, wr[p + 1]);
        c10 = x0.fma(a, c10);
        c11 = x1.fma(a, c11);
        c12 = x2.fma(a, c12);
        c13 = x3.fma(a, c13);
        a = FloatVector.broadcast(S, wr[p + 2]);
        c20 = x0.fma(a, c20);
        c21 = x1.fma(a, c21);
        c22 = x2.fma(a, c22);
        c23 = x3.fma(a, c23);
        a = FloatVector.broadcast(S, wr[p + 3]);
        c30 = x0.fma(a, c30);
        c31 = x1.fma(a, c31);
        c32 = x2.fma(a, c32);
        c33 = x3.fma(a, c33);
      }
      float[] y0 = yt[p];
      float[] y1 = yt[p + 1];
      float[] y2 = yt[p + 2];
      float[] y3 = yt[p + 3];
      if (relu) {
        c00.max(0f).intoArray(y0, v);
        c01.max(0f).intoArray(y0, v + L);
        c02.max(0f).intoArray(y0, v + 2 * L);
        c03.max(0f).intoArray(y0, v + 3 * L);
        c10.max(0f).intoArray(y1, v);
        c11.max(0f).intoArray(y1, v + L);
        c12.max(0f).intoArray(y1, v + 2 * L);
        c13.max(0f).intoArray(y1, v + 3 * L);
        c20.max(0f).intoArray(y2, v);
        c21.max(0f).intoArray(y2, v + L);
        c22.max(0f).intoArray(y2, v + 2 * L);
        c23.max(0f).intoArray(y2, v + 3 * L);
        c30.max(0f).intoArray(y3, v);
        c31.max(0f).intoArray(y3, v + L);
        c32.max(0f).intoArray(y3, v + 2 * L);
        c33.max(0f).intoArray(y3, v + 3 * L);
      } else {
        c00.intoArray(y0, v);
        c01.intoArray(y0, v + L);
        c02.intoArray(y0, v + 2 * L);
        c03.intoArray(y0, v + 3 * L);
        c10.intoArray(y1, v);
        c11.intoArray(y1, v + L);
        c12.intoArray(y1, v + 2 * L);
        c13.intoArray(y1, v + 3 * L);
        c20.intoArray(y2, v);
        c21.intoArray(y2, v + L);
        c22.intoArray(y2, v + 2 * L);
        c23.intoArray(y2, v + 3 * L);
        c30.intoArray(y3, v);
        c31.intoArray(y3, v + L);
        c32.intoArray(y3, v + 2 * L);
        c33.intoArray(y3, v + 3 * L);
      }
    }
    for (; v < n; v += L) {
      FloatVector c0 = FloatVector.broadcast(S, bias[p]);
      FloatVector c1 = FloatVector.broadcast(S, bias[p + 1]);
      FloatVector c2 = FloatVector.broadcast(S, bias[p + 2]);
      FloatVector c3 = FloatVector.broadcast(S, bias[p + 3]);
      for (int i = 0; i < in; i++) {
        float[] wr = w[i];
        FloatVector xv = FloatVector.fromArray(S, xt[i], v);
        c0 = xv.fma(FloatVector.broadcast(S, wr[p]), c0);
        c1 = xv.fma(FloatVector.broadcast(S, wr[p + 1]), c1);
        c2 = xv.fma(FloatVector.broadcast(S, wr[p + 2]), c2);
        c3 = xv.fma(FloatVector.broadcast(S, wr[p + 3]), c3);
      }
      if (relu) {
        c0.max(0f).intoArray(yt[p], v);
        c1.max(0f).intoArray(yt[p + 1], v);
        c2.max(0f).intoArray(yt[p + 2], v);
        c3.max(0f).intoArray(yt[p + 3], v);
      } else {
        c0.intoArray(yt[p], v);
        c1.intoArray(yt[p + 1], v);
        c2.intoArray(yt[p + 2], v);
        c3.intoArray(yt[p + 3], v);
      }
    }
  }

  /** One unit for samples [0, n) of the transposed inputs (layers of fewer than four units). */
  private static void samplesColumn(float[][] xt, int n, float[][] w, float[] bias, float[][] yt, int in, int o,
      boolean relu) {
    for (int v = 0; v < n; v += L) {
      FloatVector c = FloatVector.broadcast(S, bias[o]);
      for (int i = 0; i < in; i++) {
        c = FloatVector.fromArray(S, xt[i], v).fma(FloatVector.broadcast(S, w[i][o]), c);
      }
      if (relu) {
        c.max(0f).intoArray(yt[o], v);
      } else {
        c.intoArray(yt[o], v);
      }
    }
  }

  /** Samples b..b+3, units o..o+4L: 16 accumulators, 4 kernel loads and 4 broadcasts per input. */
  private static void block4x4(float[][] x, int b, float[][] w, float[] bias, float[][] y, int in, int o,
      boolean relu) {
    float[] x0 = x[b];
    float[] x1 = x[b + 1];
    float[] x2 = x[b + 2];
    float[] x3 = x[b + 3];
    FloatVector bb0 = FloatVector.fromArray(S, bias, o);
    FloatVector bb1 = FloatVector.fromArray(S, bias, o + L);
    FloatVector bb2 = FloatVector.fromArray(S, bias, o + 2 * L);
    FloatVector bb3 = FloatVector.fromArray(S, bias, o + 3 * L);
    FloatVector c00 = bb0, c01 = bb1, c02 = bb2, c03 = bb3;
    FloatVector c10 = bb0, c11 = bb1, c12 = bb2, c13 = bb3;
    FloatVector c20 = bb0, c21 = bb1, c22 = bb2, c23 = bb3;
    FloatVector c30 = bb0, c31 = bb1, c32 = bb2, c33 = bb3;
    for (int i = 0; i < in; i++) {
      float[] wr = w[i];
      FloatVector w0 = FloatVector.fromArray(S, wr, o);
      FloatVector w1 = FloatVector.fromArray(S, wr, o + L);
      FloatVector w2 = FloatVector.fromArray(S, wr, o + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, wr, o + 3 * L);
      FloatVector a = FloatVector.broadcast(S, x0[i]);
      c00 = w0.fma(a, c00);
      c01 = w1.fma(a, c01);
      c02 = w2.fma(a, c02);
      c03 = w3.fma(a, c03);
      a = FloatVector.broadcast(S, x1[i]);
      c10 = w0.fma(a, c10);
      c11 = w1.fma(a, c11);
      c12 = w2.fma(a, c12);
      c13 = w3.fma(a, c13);
      a = FloatVector.broadcast(S, x2[i]);
      c20 = w0.fma(a, c20);
      c21 = w1.fma(a, c21);
      c22 = w2.fma(a, c22);
      c23 = w3.fma(a, c23);
      a = FloatVector.broadcast(S, x3[i]);
      c30 = w0.fma(a, c30);
      c31 = w1.fma(a, c31);
      c32 = w2.fma(a, c32);
      c33 = w3.fma(a, c33);
    }
    float[] y0 = y[b];
    float[] y1 = y[b + 1];
    float[] y2 = y[b + 2];
    float[] y3 = y[b + 3];
    if (relu) {
      c00.max(0f).intoArray(y0, o);
      c01.max(0f).intoArray(y0, o + L);
      c02.max(0f).intoArray(y0, o + 2 * L);
      c03.max(0f).intoArray(y0, o + 3 * L);
      c10.max(0f).intoArray(y1, o);
      c11.max(0f).intoArray(y1, o + L);
      c12.max(0f).intoArray(y1, o + 2 * L);
      c13.max(0f).intoArray(y1, o + 3 * L);
      c20.max(0f).intoArray(y2, o);
      c21.max(0f).intoArray(y2, o + L);
      c22.max(0f).intoArray(y2, o + 2 * L);
      c23.max(0f).intoArray(y2, o + 3 * L);
      c30.max(0f).intoArray(y3, o);
      c31.max(0f).intoArray(y3, o + L);
      c32.max(0f).intoArray(y3, o + 2 * L);
      c33.max(0f).intoArray(y3, o + 3 * L);
    } else {
      c00.intoArray(y0, o);
      c01.intoArray(y0, o + L);
      c02.intoArray(y0, o + 2 * L);
      c03.intoArray(y0, o + 3 * L);
      c10.intoArray(y1, o);
      c11.intoArray(y1, o + L);
      c12.intoArray(y1, o + 2 * L);
      c13.intoArray(y1, o + 3 * L);
      c20.intoArray(y2, o);
      c21.intoArray(y2, o + L);
      c22.intoArray(y2, o + 2 * L);
      c23.intoArray(y2, o + 3 * L);
      c30.intoArray(y3, o);
      c31.intoArray(y3, o + L);
      c32.intoArray(y3, o + 2 * L);
      c33.intoArray(y3, o + 3 * L);
    }
  }

  private static void block1x4(float[] x, float[][] w, float[] bias, float[] y, int in, int o, boolean relu) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o);
    FloatVector c1 = FloatVector.fromArray(S, bias, o + L);
    FloatVector c2 = FloatVector.fromArray(S, bias, o + 2 * L);
    FloatVector c3 = FloatVector.fromArray(S, bias, o + 3 * L);
    for (int i = 0; i < in; i++) {
      float[] wr = w[i];
      FloatVector a = FloatVector.broadcast(S, x[i]);
      c0 = FloatVector.fromArray(S, wr, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, wr, o + L).fma(a, c1);
      c2 = FloatVector.fromArray(S, wr, o + 2 * L).fma(a, c2);
      c3 = FloatVector.fromArray(S, wr, o + 3 * L).fma(a, c3);
    }
    if (relu) {
      c0.max(0f).intoArray(y, o);
      c1.max(0f).intoArray(y, o + L);
      c2.max(0f).intoArray(y, o + 2 * L);
      c3.max(0f).intoArray(y, o + 3 * L);
    } else {
      c0.intoArray(y, o);
      c1.intoArray(y, o + L);
      c2.intoArray(y, o + 2 * L);
      c3.intoArray(y, o + 3 * L);
    }
  }

  /** One vector of units for samples [b0, b1), four samples at a time. */
  private static void vectorColumn(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in,
      int o, boolean relu) {
    int b = b0;
    for (; b + 4 <= b1; b += 4) {
      float[] x0 = x[b];
      float[] x1 = x[b + 1];
      float[] x2 = x[b + 2];
      float[] x3 = x[b + 3];
      FloatVector c0 = FloatVector.fromArray(S, bias, o);
      FloatVector c1 = c0;
      FloatVector c2 = c0;
      FloatVector c3 = c0;
      for (int i = 0; i < in; i++) {
        FloatVector wv = FloatVector.fromArray(S, w[i], o);
        c0 = wv.fma(FloatVector.broadcast(S, x0[i]), c0);
        c1 = wv.fma(FloatVector.broadcast(S, x1[i]), c1);
        c2 = wv.fma(FloatVector.broadcast(S, x2[i]), c2);
        c3 = wv.fma(FloatVector.broadcast(S, x3[i]), c3);
      }
      if (relu) {
        c0.max(0f).intoArray(y[b], o);
        c1.max(0f).intoArray(y[b + 1], o);
        c2.max(0f).intoArray(y[b + 2], o);
        c3.max(0f).intoArray(y[b + 3], o);
      } else {
        c0.intoArray(y[b], o);
        c1.intoArray(y[b + 1], o);
        c2.intoArray(y[b + 2], o);
        c3.intoArray(y[b + 3], o);
      }
    }
    for (; b < b1; b++) {
      float[] xb = x[b];
      FloatVector c = FloatVector.fromArray(S, bias, o);
      for (int i = 0; i < in; i++) {
        c = FloatVector.fromArray(S, w[i], o).fma(FloatVector.broadcast(S, xb[i]), c);
      }
      if (relu) {
        c.max(0f).intoArray(y[b], o);
      } else {
        c.intoArray(y[b], o);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Forward, one sample given by its non-zero inputs: bound by reading the kernel rows.

  @Override
  public void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o0, int o1,
      boolean relu, Scratch s) {
    int o = o0;
    for (; o + 4 * L <= o1; o += 4 * L) {
      sparse4(idx, val, n, w, bias, y, o, relu);
    }
    if (o < o1 && o1 - L >= o0) {
      // The remaining vectors, the last one ending at o1 (overlapping columns get the same bits),
      // two per pass over the rows: small layers are bound by the per-row work, not the FMAs.
      int last = o1 - L;
      while (o < o1) {
        int p = Math.min(o, last);
        int q = Math.min(p + L, last);
        sparse2(idx, val, n, w, bias, y, p, q, relu);
        o = q + L;
      }
      return;
    }
    if (o < o1) {
      Narrow.sparse(idx, val, n, w, bias, y, o, o1, relu, o0);
    }
  }

  /** Four vectors of units (64 at AVX-512): one loaded kernel vector per FMA. */
  private static void sparse4(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o,
      boolean relu) {
    FloatVector a0 = FloatVector.fromArray(S, bias, o);
    FloatVector a1 = FloatVector.fromArray(S, bias, o + L);
    FloatVector a2 = FloatVector.fromArray(S, bias, o + 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, bias, o + 3 * L);
    for (int k = 0; k < n; k++) {
      float[] wr = w[idx[k]];
      FloatVector v = FloatVector.broadcast(S, val[k]);
      a0 = FloatVector.fromArray(S, wr, o).fma(v, a0);
      a1 = FloatVector.fromArray(S, wr, o + L).fma(v, a1);
      a2 = FloatVector.fromArray(S, wr, o + 2 * L).fma(v, a2);
      a3 = FloatVector.fromArray(S, wr, o + 3 * L).fma(v, a3);
    }
    if (relu) {
      a0.max(0f).intoArray(y, o);
      a1.max(0f).intoArray(y, o + L);
      a2.max(0f).intoArray(y, o + 2 * L);
      a3.max(0f).intoArray(y, o + 3 * L);
    } else {
      a0.intoArray(y, o);
      a1.intoArray(y, o + L);
      a2.intoArray(y, o + 2 * L);
      a3.intoArray(y, o + 3 * L);
    }
  }

  /** Two vectors of units at {@code p} and {@code q} (possibly the same). */
  private static void sparse2(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int p, int q,
      boolean relu) {
    FloatVector a0 = FloatVector.fromArray(S, bias, p);
    FloatVector a1 = FloatVector.fromArray(S, bias, q);
    for (int k = 0; k < n; k++) {
      float[] wr = w[idx[k]];
      FloatVector v = FloatVector.broadcast(S, val[k]);
      a0 = FloatVector.fromArray(S, wr, p).fma(v, a0);
      a1 = FloatVector.fromArray(S, wr, q).fma(v, a1);
    }
    if (relu) {
      a0.max(0f).intoArray(y, p);
      a1.max(0f).intoArray(y, q);
    } else {
      a0.intoArray(y, p);
      a1.intoArray(y, q);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Backward: kernel gradient gw += x^T dz, rows [i0, i1). Each element: a chain of FMAs over the
  // samples in order, from zero, then added to the gradient once.

  @Override
  public void weightGradient(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      Scratch s) {
    // Units outermost: the gradient panel dz[.][o..o+4L) stays in L1 for every row block.
    int o = 0;
    for (; o + 4 * L <= units; o += 4 * L) {
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        if (!allZero(xt, batch, i, i + 4)) {
          gradient4x4(xt, dz, batch, gw, i, o);
        }
      }
      for (; i < i1; i++) {
        gradient1x4(xt, dz, batch, gw, i, o);
      }
    }
    for (; o + L <= units; o += L) {
      gradientColumn(xt, dz, batch, gw, i0, i1, o);
    }
    if (o < units) {
      Narrow.gradient(xt, dz, batch, gw, i0, i1, o, units);
    }
  }

  /** Whether inputs i0..i1 are zero for every sample (blank pixels often come in whole columns). */
  private static boolean allZero(float[][] xt, int batch, int i0, int i1) {
    for (int i = i0; i < i1; i++) {
      float[] r = xt[i];
      for (int b = 0; b < batch; b++) {
        if (r[b] != 0f) {
          return false;
        }
      }
    }
    return true;
  }

  /** Rows i..i+3, units o..o+4L: 16 accumulators over the batch, added to the gradient once. */
  private static void gradient4x4(float[][] xt, float[][] dz, int batch, float[][] gw, int i, int o) {
    float[] x0 = xt[i];
    float[] x1 = xt[i + 1];
    float[] x2 = xt[i + 2];
    float[] x3 = xt[i + 3];
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int b = 0; b < batch; b++) {
      float[] d = dz[b];
      FloatVector d0 = FloatVector.fromArray(S, d, o);
      FloatVector d1 = FloatVector.fromArray(S, d, o + L);
      FloatVector d2 = FloatVector.fromArray(S, d, o + 2 * L);
      FloatVector d3 = FloatVector.fromArray(S, d, o + 3 * L);
      FloatVector a = FloatVector.broadcast(S, x0[b]);
      c00 = d0.fma(a, c00);
      c01 = d1.fma(a, c01);
      c02 = d2.fma(a, c02);
      c03 = d3.fma(a, c03);
      a = FloatVector.broadcast(S, x1[b]);
      c10 = d0.fma(a, c10);
      c11 = d1.fma(a, c11);
      c12 = d2.fma(a, c12);
      c13 = d3.fma(a, c13);
      a = FloatVector.broadcast(S, x2[b]);
      c20 = d0.fma(a, c20);
      c21 = d1.fma(a, c21);
      c22 = d2.fma(a, c22);
      c23 = d3.fma(a, c23);
      a = FloatVector.broadcast(S, x3[b]);
      c30 = d0.fma(a, c30);
      c31 = d1.fma(a, c31);
      c32 = d2.fma(a, c32);
      c33 = d3.fma(a, c33);
    }
    float[] g0 = gw[i];
    float[] g1 = gw[i + 1];
    float[] g2 = gw[i + 2];
    float[] g3 = gw[i + 3];
    FloatVector.fromArray(S, g0, o).add(c00).intoArray(g0, o);
    FloatVector.fromArray(S, g0, o + L).add(c01).intoArray(g0, o + L);
    FloatVector.fromArray(S, g0, o + 2 * L).add(c02).intoArray(g0, o + 2 * L);
    FloatVector.fromArray(S, g0, o + 3 * L).add(c03).intoArray(g0, o + 3 * L);
    FloatVector.fromArray(S, g1, o).add(c10).intoArray(g1, o);
    FloatVector.fromArray(S, g1, o + L).add(c11).intoArray(g1, o + L);
    FloatVector.fromArray(S, g1, o + 2 * L).add(c12).intoArray(g1, o + 2 * L);
    FloatVector.fromArray(S, g1, o + 3 * L).add(c13).intoArray(g1, o + 3 * L);
    FloatVector.fromArray(S, g2, o).add(c20).intoArray(g2, o);
    FloatVector.fromArray(S, g2, o + L).add(c21).intoArray(g2, o + L);
    FloatVector.fromArray(S, g2, o + 2 * L).add(c22).intoArray(g2, o + 2 * L);
    FloatVector.fromArray(S, g2, o + 3 * L).add(c23).intoArray(g2, o + 3 * L);
    FloatVector.fromArray(S, g3, o).add(c30).intoArray(g3, o);
    FloatVector.fromArray(S, g3, o + L).add(c31).intoArray(g3, o + L);
    FloatVector.fromArray(S, g3, o + 2 * L).add(c32).intoArray(g3, o + 2 * L);
    FloatVector.fromArray(S, g3, o + 3 * L).add(c33).intoArray(g3, o + 3 * L);
  }

  private static void gradient1x4(float[][] xt, float[][] dz, int batch, float[][] gw, int i, int o) {
    float[] xi = xt[i];
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int b = 0; b < batch; b++) {
      float[] d = dz[b];
      FloatVector a = FloatVector.broadcast(S, xi[b]);
      c0 = FloatVector.fromArray(S, d, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, d, o + L).fma(a, c1);
      c2 = FloatVector.fromArray(S, d, o + 2 * L).fma(a, c2);
      c3 = FloatVector.fromArray(S, d, o + 3 * L).fma(a, c3);
    }
    float[] g = gw[i];
    FloatVector.fromArray(S, g, o).add(c0).intoArray(g, o);
    FloatVector.fromArray(S, g, o + L).add(c1).intoArray(g, o + L);
    FloatVector.fromArray(S, g, o + 2 * L).add(c2).intoArray(g, o + 2 * L);
    FloatVector.fromArray(S, g, o + 3 * L).add(c3).intoArray(g, o + 3 * L);
  }

  /** One vector of units, rows [i0, i1) four at a time (four independent chains). */
  private static void gradientColumn(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int o) {
    int i = i0;
    for (; i + 4 <= i1; i += 4) {
      float[] x0 = xt[i];
      float[] x1 = xt[i + 1];
      float[] x2 = xt[i + 2];
      float[] x3 = xt[i + 3];
      FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
      for (int b = 0; b < batch; b++) {
        FloatVector d = FloatVector.fromArray(S, dz[b], o);
        c0 = d.fma(FloatVector.broadcast(S, x0[b]), c0);
        c1 = d.fma(FloatVector.broadcast(S, x1[b]), c1);
        c2 = d.fma(FloatVector.broadcast(S, x2[b]), c2);
        c3 = d.fma(FloatVector.broadcast(S, x3[b]), c3);
      }
      FloatVector.fromArray(S, gw[i], o).add(c0).intoArray(gw[i], o);
      FloatVector.fromArray(S, gw[i + 1], o).add(c1).intoArray(gw[i + 1], o);
      FloatVector.fromArray(S, gw[i + 2], o).add(c2).intoArray(gw[i + 2], o);
      FloatVector.fromArray(S, gw[i + 3], o).add(c3).intoArray(gw[i + 3], o);
    }
    for (; i < i1; i++) {
      float[] xi = xt[i];
      FloatVector c = FloatVector.zero(S);
      for (int b = 0; b < batch; b++) {
        c = FloatVector.fromArray(S, dz[b], o).fma(FloatVector.broadcast(S, xi[b]), c);
      }
      FloatVector.fromArray(S, gw[i], o).add(c).intoArray(gw[i], o);
    }
  }

  @Override
  public void biasGradient(float[][] dz, int batch, float[] gb, int units) {
    int o = 0;
    for (; o + L <= units; o += L) {
      FloatVector c = FloatVector.fromArray(S, gb, o);
      for (int b = 0; b < batch; b++) {
        c = c.add(FloatVector.fromArray(S, dz[b], o));
      }
      c.intoArray(gb, o);
    }
    for (; o < units; o++) {
      float c = gb[o];
      for (int b = 0; b < batch; b++) {
        c += dz[b][o];
      }
      gb[o] = c;
    }
  }

  @Override
  public void transpose(float[][] a, float[][] t, int r0, int r1, int c0, int c1) {
    ScalarKernels.transposeBlock(a, t, r0, r1, c0, c1, 0);
  }

  @Override
  public void reluBackward(float[][] y, float[][] dy, int b0, int b1, int n) {
    if (n < L) {
      // No whole vector: plain code. (The compiled code allocated a vector made outside a vector
      // loop that never ran, 120 bytes a call; vectors are made only inside loops that run.)
      for (int b = b0; b < b1; b++) {
        reluTail(y[b], dy[b], 0, n);
      }
      return;
    }
    for (int b = b0; b < b1; b++) {
      float[] yr = y[b];
      float[] d = dy[b];
      int k = 0;
      for (; k + L <= n; k += L) {
        VectorMask<Float> positive = FloatVector.fromArray(S, yr, k).compare(VectorOperators.GT, 0f);
        FloatVector.zero(S).blend(FloatVector.fromArray(S, d, k), positive).intoArray(d, k);
      }
      reluTail(yr, d, k, n);
    }
  }

  private static void reluTail(float[] yr, float[] d, int k0, int n) {
    for (int k = k0; k < n; k++) {
      d[k] = yr[k] > 0f ? d[k] : 0f;
    }
  }
}
