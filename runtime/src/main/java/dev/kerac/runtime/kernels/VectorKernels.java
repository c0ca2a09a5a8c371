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
 * Every element is a chain of FMAs in input order, whatever the blocking, so results do not depend on
 * how a range is split between threads.
 */
final class VectorKernels implements MatrixKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override
  public String name() {
    return "vector-" + S.vectorBitSize();
  }

  @Override
  public void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0,
      int o1, boolean relu, int[] idx, float[] val) {
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
    if (o < o1) {
      if (o1 - L >= o0) {
        // The last full vector, overlapping columns already done: they get the same values again.
        vectorColumn(x, b0, b1, w, bias, y, in, o1 - L, relu);
      } else {
        scalarColumns(x, b0, b1, w, bias, y, in, o, o1, relu);
      }
    }
  }

  private static void vectorColumn(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in,
      int o, boolean relu) {
    int b = b0;
    for (; b + 4 <= b1; b += 4) {
      block4x1(x, b, w, bias, y, in, o, relu);
    }
    for (; b < b1; b++) {
      block1x1(x[b], w, bias, y[b], in, o, relu);
    }
  }

  /**
   * Fewer units than a vector (an output layer): one multiply-add chain per element, in input order.
   * (Masked loads past an array's end are not intrinsics on JDK 17, so no masks here.)
   */
  private static void scalarColumns(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in,
      int o0, int o1, boolean relu) {
    for (int b = b0; b < b1; b++) {
      float[] xb = x[b];
      float[] yb = y[b];
      for (int o = o0; o < o1; o++) {
        yb[o] = bias[o];
      }
      for (int i = 0; i < in; i++) {
        float xi = xb[i];
        float[] wr = w[i];
        for (int o = o0; o < o1; o++) {
          yb[o] = Math.fma(xi, wr[o], yb[o]);
        }
      }
      if (relu) {
        for (int o = o0; o < o1; o++) {
          yb[o] = Math.max(yb[o], 0f);
        }
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
    if (relu) {
      c00.max(0f).intoArray(y[b], o);
      c01.max(0f).intoArray(y[b], o + L);
      c02.max(0f).intoArray(y[b], o + 2 * L);
      c03.max(0f).intoArray(y[b], o + 3 * L);
    } else {
      c00.intoArray(y[b], o);
      c01.intoArray(y[b], o + L);
      c02.intoArray(y[b], o + 2 * L);
      c03.intoArray(y[b], o + 3 * L);
    }
    if (relu) {
      c10.max(0f).intoArray(y[b + 1], o);
      c11.max(0f).intoArray(y[b + 1], o + L);
      c12.max(0f).intoArray(y[b + 1], o + 2 * L);
      c13.max(0f).intoArray(y[b + 1], o + 3 * L);
    } else {
      c10.intoArray(y[b + 1], o);
      c11.intoArray(y[b + 1], o + L);
      c12.intoArray(y[b + 1], o + 2 * L);
      c13.intoArray(y[b + 1], o + 3 * L);
    }
    if (relu) {
      c20.max(0f).intoArray(y[b + 2], o);
      c21.max(0f).intoArray(y[b + 2], o + L);
      c22.max(0f).intoArray(y[b + 2], o + 2 * L);
      c23.max(0f).intoArray(y[b + 2], o + 3 * L);
    } else {
      c20.intoArray(y[b + 2], o);
      c21.intoArray(y[b + 2], o + L);
      c22.intoArray(y[b + 2], o + 2 * L);
      c23.intoArray(y[b + 2], o + 3 * L);
    }
    if (relu) {
      c30.max(0f).intoArray(y[b + 3], o);
      c31.max(0f).intoArray(y[b + 3], o + L);
      c32.max(0f).intoArray(y[b + 3], o + 2 * L);
      c33.max(0f).intoArray(y[b + 3], o + 3 * L);
    } else {
      c30.intoArray(y[b + 3], o);
      c31.intoArray(y[b + 3], o + L);
      c32.intoArray(y[b + 3], o + 2 * L);
      c33.intoArray(y[b + 3], o + 3 * L);
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

  /** Samples b..b+3, one vector of units. */
  private static void block4x1(float[][] x, int b, float[][] w, float[] bias, float[][] y, int in, int o,
      boolean relu) {
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
    } else {
      c0.intoArray(y[b], o);
    }
    if (relu) {
      c1.max(0f).intoArray(y[b + 1], o);
    } else {
      c1.intoArray(y[b + 1], o);
    }
    if (relu) {
      c2.max(0f).intoArray(y[b + 2], o);
    } else {
      c2.intoArray(y[b + 2], o);
    }
    if (relu) {
      c3.max(0f).intoArray(y[b + 3], o);
    } else {
      c3.intoArray(y[b + 3], o);
    }
  }

  private static void block1x1(float[] x, float[][] w, float[] bias, float[] y, int in, int o, boolean relu) {
    FloatVector c = FloatVector.fromArray(S, bias, o);
    for (int i = 0; i < in; i++) {
      c = FloatVector.fromArray(S, w[i], o).fma(FloatVector.broadcast(S, x[i]), c);
    }
    if (relu) {
      c.max(0f).intoArray(y, o);
    } else {
      c.intoArray(y, o);
    }
  }

  @Override
  public void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o0, int o1,
      boolean relu) {
    int o = o0;
    for (; o + 8 * L <= o1; o += 8 * L) {
      sparse8(idx, val, n, w, bias, y, o, relu);
    }
    for (; o + 2 * L <= o1; o += 2 * L) {
      sparse2(idx, val, n, w, bias, y, o, relu);
    }
    for (; o + L <= o1; o += L) {
      sparse1(idx, val, n, w, bias, y, o, relu);
    }
    if (o < o1) {
      if (o1 - L >= o0) {
        sparse1(idx, val, n, w, bias, y, o1 - L, relu);  // overlapping: same values again
      } else {
        for (int j = o; j < o1; j++) {
          float c = bias[j];
          for (int k = 0; k < n; k++) {
            c = Math.fma(val[k], w[idx[k]][j], c);
          }
          y[j] = relu ? Math.max(c, 0f) : c;
        }
      }
    }
  }

  private static void sparse1(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o,
      boolean relu) {
    FloatVector c = FloatVector.fromArray(S, bias, o);
    for (int k = 0; k < n; k++) {
      c = FloatVector.fromArray(S, w[idx[k]], o).fma(FloatVector.broadcast(S, val[k]), c);
    }
    if (relu) {
      c.max(0f).intoArray(y, o);
    } else {
      c.intoArray(y, o);
    }
  }

  /** Eight accumulator vectors (128 units at AVX-512) over the non-zero inputs: one load per FMA. */
  private static void sparse8(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o,
      boolean relu) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o);
    FloatVector c1 = FloatVector.fromArray(S, bias, o + L);
    FloatVector c2 = FloatVector.fromArray(S, bias, o + 2 * L);
    FloatVector c3 = FloatVector.fromArray(S, bias, o + 3 * L);
    FloatVector c4 = FloatVector.fromArray(S, bias, o + 4 * L);
    FloatVector c5 = FloatVector.fromArray(S, bias, o + 5 * L);
    FloatVector c6 = FloatVector.fromArray(S, bias, o + 6 * L);
    FloatVector c7 = FloatVector.fromArray(S, bias, o + 7 * L);
    for (int k = 0; k < n; k++) {
      float[] wr = w[idx[k]];
      FloatVector a = FloatVector.broadcast(S, val[k]);
      c0 = FloatVector.fromArray(S, wr, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, wr, o + L).fma(a, c1);
      c2 = FloatVector.fromArray(S, wr, o + 2 * L).fma(a, c2);
      c3 = FloatVector.fromArray(S, wr, o + 3 * L).fma(a, c3);
      c4 = FloatVector.fromArray(S, wr, o + 4 * L).fma(a, c4);
      c5 = FloatVector.fromArray(S, wr, o + 5 * L).fma(a, c5);
      c6 = FloatVector.fromArray(S, wr, o + 6 * L).fma(a, c6);
      c7 = FloatVector.fromArray(S, wr, o + 7 * L).fma(a, c7);
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
    if (relu) {
      c4.max(0f).intoArray(y, o + 4 * L);
      c5.max(0f).intoArray(y, o + 4 * L + L);
      c6.max(0f).intoArray(y, o + 4 * L + 2 * L);
      c7.max(0f).intoArray(y, o + 4 * L + 3 * L);
    } else {
      c4.intoArray(y, o + 4 * L);
      c5.intoArray(y, o + 4 * L + L);
      c6.intoArray(y, o + 4 * L + 2 * L);
      c7.intoArray(y, o + 4 * L + 3 * L);
    }
  }

  private static void sparse2(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o,
      boolean relu) {
    FloatVector c0 = FloatVector.fromArray(S, bias, o);
    FloatVector c1 = FloatVector.fromArray(S, bias, o + L);
    for (int k = 0; k < n; k++) {
      float[] wr = w[idx[k]];
      FloatVector a = FloatVector.broadcast(S, val[k]);
      c0 = FloatVector.fromArray(S, wr, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, wr, o + L).fma(a, c1);
    }
    if (relu) {
      c0.max(0f).intoArray(y, o);
      c1.max(0f).intoArray(y, o + L);
    } else {
      c0.intoArray(y, o);
      c1.intoArray(y, o + L);
    }
  }

  @Override
  public void weightGradient(float[][] x, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      int[] idx, float[] val) {
    // Units outermost: the gradient panel dz[.][o..o+4L) stays in L1 for every row block.
    int o = 0;
    for (; o + 4 * L <= units; o += 4 * L) {
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        gradient4x4(x, dz, batch, gw, i, o);
      }
      for (; i < i1; i++) {
        gradient1x4(x, dz, batch, gw, i, o);
      }
    }
    for (; o + L <= units; o += L) {
      for (int i = i0; i < i1; i++) {
        FloatVector c = FloatVector.zero(S);
        for (int b = 0; b < batch; b++) {
          c = FloatVector.fromArray(S, dz[b], o).fma(FloatVector.broadcast(S, x[b][i]), c);
        }
        FloatVector.fromArray(S, gw[i], o).add(c).intoArray(gw[i], o);
      }
    }
    if (o < units) {
      for (int i = i0; i < i1; i++) {
        float[] g = gw[i];
        for (int j = o; j < units; j++) {
          float c = 0f;
          for (int b = 0; b < batch; b++) {
            c = Math.fma(x[b][i], dz[b][j], c);
          }
          g[j] += c;
        }
      }
    }
  }

  /** Rows i..i+3, units o..o+4L: 16 accumulators over the batch, added to the gradient once. */
  private static void gradient4x4(float[][] x, float[][] dz, int batch, float[][] gw, int i, int o) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
    FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
    FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    for (int b = 0; b < batch; b++) {
      float[] xb = x[b];
      float x0 = xb[i];
      float x1 = xb[i + 1];
      float x2 = xb[i + 2];
      float x3 = xb[i + 3];
      float[] d = dz[b];
      FloatVector d0 = FloatVector.fromArray(S, d, o);
      FloatVector d1 = FloatVector.fromArray(S, d, o + L);
      FloatVector d2 = FloatVector.fromArray(S, d, o + 2 * L);
      FloatVector d3 = FloatVector.fromArray(S, d, o + 3 * L);
      FloatVector a = FloatVector.broadcast(S, x0);
      c00 = d0.fma(a, c00);
      c01 = d1.fma(a, c01);
      c02 = d2.fma(a, c02);
      c03 = d3.fma(a, c03);
      a = FloatVector.broadcast(S, x1);
      c10 = d0.fma(a, c10);
      c11 = d1.fma(a, c11);
      c12 = d2.fma(a, c12);
      c13 = d3.fma(a, c13);
      a = FloatVector.broadcast(S, x2);
      c20 = d0.fma(a, c20);
      c21 = d1.fma(a, c21);
      c22 = d2.fma(a, c22);
      c23 = d3.fma(a, c23);
      a = FloatVector.broadcast(S, x3);
      c30 = d0.fma(a, c30);
      c31 = d1.fma(a, c31);
      c32 = d2.fma(a, c32);
      c33 = d3.fma(a, c33);
    }
    FloatVector.fromArray(S, gw[i], o).add(c00).intoArray(gw[i], o);
    FloatVector.fromArray(S, gw[i], o + L).add(c01).intoArray(gw[i], o + L);
    FloatVector.fromArray(S, gw[i], o + 2 * L).add(c02).intoArray(gw[i], o + 2 * L);
    FloatVector.fromArray(S, gw[i], o + 3 * L).add(c03).intoArray(gw[i], o + 3 * L);
    FloatVector.fromArray(S, gw[i + 1], o).add(c10).intoArray(gw[i + 1], o);
    FloatVector.fromArray(S, gw[i + 1], o + L).add(c11).intoArray(gw[i + 1], o + L);
    FloatVector.fromArray(S, gw[i + 1], o + 2 * L).add(c12).intoArray(gw[i + 1], o + 2 * L);
    FloatVector.fromArray(S, gw[i + 1], o + 3 * L).add(c13).intoArray(gw[i + 1], o + 3 * L);
    FloatVector.fromArray(S, gw[i + 2], o).add(c20).intoArray(gw[i + 2], o);
    FloatVector.fromArray(S, gw[i + 2], o + L).add(c21).intoArray(gw[i + 2], o + L);
    FloatVector.fromArray(S, gw[i + 2], o + 2 * L).add(c22).intoArray(gw[i + 2], o + 2 * L);
    FloatVector.fromArray(S, gw[i + 2], o + 3 * L).add(c23).intoArray(gw[i + 2], o + 3 * L);
    FloatVector.fromArray(S, gw[i + 3], o).add(c30).intoArray(gw[i + 3], o);
    FloatVector.fromArray(S, gw[i + 3], o + L).add(c31).intoArray(gw[i + 3], o + L);
    FloatVector.fromArray(S, gw[i + 3], o + 2 * L).add(c32).intoArray(gw[i + 3], o + 2 * L);
    FloatVector.fromArray(S, gw[i + 3], o + 3 * L).add(c33).intoArray(gw[i + 3], o + 3 * L);
  }

  private static void gradient1x4(float[][] x, float[][] dz, int batch, float[][] gw, int i, int o) {
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int b = 0; b < batch; b++) {
      float xi = x[b][i];
      float[] d = dz[b];
      FloatVector a = FloatVector.broadcast(S, xi);
      c0 = FloatVector.fromArray(S, d, o).fma(a, c0);
      c1 = FloatVector.fromArray(S, d, o + L).fma(a, c1);
      c2 = FloatVector.fromArray(S, d, o + 2 * L).fma(a, c2);
      c3 = FloatVector.fromArray(S, d, o + 3 * L).fma(a, c3);
    }
    FloatVector.fromArray(S, gw[i], o).add(c0).intoArray(gw[i], o);
    FloatVector.fromArray(S, gw[i], o + L).add(c1).intoArray(gw[i], o + L);
    FloatVector.fromArray(S, gw[i], o + 2 * L).add(c2).intoArray(gw[i], o + 2 * L);
    FloatVector.fromArray(S, gw[i], o + 3 * L).add(c3).intoArray(gw[i], o + 3 * L);
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
  public void transpose(float[][] w, float[][] wt, int i0, int i1, int units) {
    ScalarKernels.transposeRows(w, wt, i0, i1, units);
  }

  @Override
  public void reluBackward(float[][] y, float[][] dy, int b0, int b1, int n) {
    FloatVector zero = FloatVector.zero(S);
    for (int b = b0; b < b1; b++) {
      float[] yr = y[b];
      float[] d = dy[b];
      int k = 0;
      for (; k + L <= n; k += L) {
        VectorMask<Float> positive = FloatVector.fromArray(S, yr, k).compare(VectorOperators.GT, 0f);
        zero.blend(FloatVector.fromArray(S, d, k), positive).intoArray(d, k);
      }
      for (; k < n; k++) {
        d[k] = yr[k] > 0f ? d[k] : 0f;
      }
    }
  }
}
