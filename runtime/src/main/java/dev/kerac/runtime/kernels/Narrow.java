package dev.kerac.runtime.kernels;

/**
 * The columns of a Dense layer narrower than one vector (an output layer's 10 classes, a tiny model's 4)
 * for {@link VectorKernels}, in scalar FMAs: blocks of 4 columns (x 4 samples or rows) keep 16
 * independent chains in flight, where a plain loop would wait on one chain at a time. Each element is
 * the same FMA chain as in the vector blocks, so columns may be computed twice (the last block
 * overlaps) and split anywhere without changing a bit. (Narrow vectors would be the obvious tool, but
 * on JDK 17 a second vector size makes C2 box vectors in every kernel; see {@link VectorKernels}.)
 */
final class Narrow {
  private Narrow() {}

  /** {@code y = act(x @ w + bias)} for units [o0, o1); blocks may start at {@code lo} or later. */
  static void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0, int o1,
      boolean relu, int lo) {
    int o = o0;
    while (o < o1) {
      int p = o + 4 <= o1 ? o : o1 - 4;
      if (p < lo) {
        linearColumns(x, b0, b1, w, bias, y, in, o, o1, relu);
        return;
      }
      linear4(x, b0, b1, w, bias, y, in, p, relu);
      o = p + 4;
    }
  }

  private static void linear4(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int p,
      boolean relu) {
    int b = b0;
    for (; b + 4 <= b1; b += 4) {
      float[] x0 = x[b];
      float[] x1 = x[b + 1];
      float[] x2 = x[b + 2];
      float[] x3 = x[b + 3];
      float a00 = bias[p], a01 = bias[p + 1], a02 = bias[p + 2], a03 = bias[p + 3];
      float a10 = a00, a11 = a01, a12 = a02, a13 = a03;
      float a20 = a00, a21 = a01, a22 = a02, a23 = a03;
      float a30 = a00, a31 = a01, a32 = a02, a33 = a03;
      for (int i = 0; i < in; i++) {
        float[] wr = w[i];
        float w0 = wr[p];
        float w1 = wr[p + 1];
        float w2 = wr[p + 2];
        float w3 = wr[p + 3];
        float v = x0[i];
        a00 = Math.fma(v, w0, a00);
        a01 = Math.fma(v, w1, a01);
        a02 = Math.fma(v, w2, a02);
        a03 = Math.fma(v, w3, a03);
        v = x1[i];
        a10 = Math.fma(v, w0, a10);
        a11 = Math.fma(v, w1, a11);
        a12 = Math.fma(v, w2, a12);
        a13 = Math.fma(v, w3, a13);
        v = x2[i];
        a20 = Math.fma(v, w0, a20);
        a21 = Math.fma(v, w1, a21);
        a22 = Math.fma(v, w2, a22);
        a23 = Math.fma(v, w3, a23);
        v = x3[i];
        a30 = Math.fma(v, w0, a30);
        a31 = Math.fma(v, w1, a31);
        a32 = Math.fma(v, w2, a32);
        a33 = Math.fma(v, w3, a33);
      }
      store(y[b], p, a00, a01, a02, a03, relu);
      store(y[b + 1], p, a10, a11, a12, a13, relu);
      store(y[b + 2], p, a20, a21, a22, a23, relu);
      store(y[b + 3], p, a30, a31, a32, a33, relu);
    }
    for (; b < b1; b++) {
      float[] xb = x[b];
      float a0 = bias[p], a1 = bias[p + 1], a2 = bias[p + 2], a3 = bias[p + 3];
      for (int i = 0; i < in; i++) {
        float[] wr = w[i];
        float v = xb[i];
        a0 = Math.fma(v, wr[p], a0);
        a1 = Math.fma(v, wr[p + 1], a1);
        a2 = Math.fma(v, wr[p + 2], a2);
        a3 = Math.fma(v, wr[p + 3], a3);
      }
      store(y[b], p, a0, a1, a2, a3, relu);
    }
  }

  private static void store(float[] y, int p, float a0, float a1, float a2, float a3, boolean relu) {
    y[p] = relu ? Math.max(a0, 0f) : a0;
    y[p + 1] = relu ? Math.max(a1, 0f) : a1;
    y[p + 2] = relu ? Math.max(a2, 0f) : a2;
    y[p + 3] = relu ? Math.max(a3, 0f) : a3;
  }

  /** Fewer than four columns in all: one column at a time, four samples at a time. */
  private static void linearColumns(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in,
      int o0, int o1, boolean relu) {
    for (int o = o0; o < o1; o++) {
      int b = b0;
      for (; b + 4 <= b1; b += 4) {
        float[] x0 = x[b];
        float[] x1 = x[b + 1];
        float[] x2 = x[b + 2];
        float[] x3 = x[b + 3];
        float a0 = bias[o], a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < in; i++) {
          float wv = w[i][o];
          a0 = Math.fma(x0[i], wv, a0);
          a1 = Math.fma(x1[i], wv, a1);
          a2 = Math.fma(x2[i], wv, a2);
          a3 = Math.fma(x3[i], wv, a3);
        }
        y[b][o] = relu ? Math.max(a0, 0f) : a0;
        y[b + 1][o] = relu ? Math.max(a1, 0f) : a1;
        y[b + 2][o] = relu ? Math.max(a2, 0f) : a2;
        y[b + 3][o] = relu ? Math.max(a3, 0f) : a3;
      }
      for (; b < b1; b++) {
        float[] xb = x[b];
        float a = bias[o];
        for (int i = 0; i < in; i++) {
          a = Math.fma(xb[i], w[i][o], a);
        }
        y[b][o] = relu ? Math.max(a, 0f) : a;
      }
    }
  }

  /** One sample from a list of its inputs, units [o0, o1): the chain of {@link #linear}. */
  static void sparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o0, int o1,
      boolean relu, int lo) {
    int o = o0;
    while (o < o1) {
      int p = o + 4 <= o1 ? o : o1 - 4;
      if (p < lo) {
        for (int j = o; j < o1; j++) {
          float a = bias[j];
          for (int k = 0; k < n; k++) {
            a = Math.fma(val[k], w[idx[k]][j], a);
          }
          y[j] = relu ? Math.max(a, 0f) : a;
        }
        return;
      }
      float a0 = bias[p], a1 = bias[p + 1], a2 = bias[p + 2], a3 = bias[p + 3];
      for (int k = 0; k < n; k++) {
        float[] wr = w[idx[k]];
        float v = val[k];
        a0 = Math.fma(v, wr[p], a0);
        a1 = Math.fma(v, wr[p + 1], a1);
        a2 = Math.fma(v, wr[p + 2], a2);
        a3 = Math.fma(v, wr[p + 3], a3);
      }
      store(y, p, a0, a1, a2, a3, relu);
      o = p + 4;
    }
  }

  /**
   * The kernel gradient for units [o0, units), rows [i0, i1), from the transposed inputs: per element
   * an FMA chain over the samples from zero, added once (no column may be done twice here).
   */
  static void gradient(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int o0, int units) {
    int o = o0;
    for (; o + 4 <= units; o += 4) {
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        gradient4x4(xt, dz, batch, gw, i, o);
      }
      for (; i < i1; i++) {
        float[] xi = xt[i];
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
        for (int b = 0; b < batch; b++) {
          float[] d = dz[b];
          float v = xi[b];
          a0 = Math.fma(v, d[o], a0);
          a1 = Math.fma(v, d[o + 1], a1);
          a2 = Math.fma(v, d[o + 2], a2);
          a3 = Math.fma(v, d[o + 3], a3);
        }
        float[] g = gw[i];
        g[o] += a0;
        g[o + 1] += a1;
        g[o + 2] += a2;
        g[o + 3] += a3;
      }
    }
    for (; o < units; o++) {
      int i = i0;
      for (; i + 4 <= i1; i += 4) {
        float[] x0 = xt[i];
        float[] x1 = xt[i + 1];
        float[] x2 = xt[i + 2];
        float[] x3 = xt[i + 3];
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
        for (int b = 0; b < batch; b++) {
          float d = dz[b][o];
          a0 = Math.fma(x0[b], d, a0);
          a1 = Math.fma(x1[b], d, a1);
          a2 = Math.fma(x2[b], d, a2);
          a3 = Math.fma(x3[b], d, a3);
        }
        gw[i][o] += a0;
        gw[i + 1][o] += a1;
        gw[i + 2][o] += a2;
        gw[i + 3][o] += a3;
      }
      for (; i < i1; i++) {
        float[] xi = xt[i];
        float a = 0f;
        for (int b = 0; b < batch; b++) {
          a = Math.fma(xi[b], dz[b][o], a);
        }
        gw[i][o] += a;
      }
    }
  }

  private static void gradient4x4(float[][] xt, float[][] dz, int batch, float[][] gw, int i, int o) {
    float[] x0 = xt[i];
    float[] x1 = xt[i + 1];
    float[] x2 = xt[i + 2];
    float[] x3 = xt[i + 3];
    float a00 = 0f, a01 = 0f, a02 = 0f, a03 = 0f;
    float a10 = 0f, a11 = 0f, a12 = 0f, a13 = 0f;
    float a20 = 0f, a21 = 0f, a22 = 0f, a23 = 0f;
    float a30 = 0f, a31 = 0f, a32 = 0f, a33 = 0f;
    for (int b = 0; b < batch; b++) {
      float[] d = dz[b];
      float d0 = d[o];
      float d1 = d[o + 1];
      float d2 = d[o + 2];
      float d3 = d[o + 3];
      float v = x0[b];
      a00 = Math.fma(v, d0, a00);
      a01 = Math.fma(v, d1, a01);
      a02 = Math.fma(v, d2, a02);
      a03 = Math.fma(v, d3, a03);
      v = x1[b];
      a10 = Math.fma(v, d0, a10);
      a11 = Math.fma(v, d1, a11);
      a12 = Math.fma(v, d2, a12);
      a13 = Math.fma(v, d3, a13);
      v = x2[b];
      a20 = Math.fma(v, d0, a20);
      a21 = Math.fma(v, d1, a21);
      a22 = Math.fma(v, d2, a22);
      a23 = Math.fma(v, d3, a23);
      v = x3[b];
      a30 = Math.fma(v, d0, a30);
      a31 = Math.fma(v, d1, a31);
      a32 = Math.fma(v, d2, a32);
      a33 = Math.fma(v, d3, a33);
    }
    add(gw[i], o, a00, a01, a02, a03);
    add(gw[i + 1], o, a10, a11, a12, a13);
    add(gw[i + 2], o, a20, a21, a22, a23);
    add(gw[i + 3], o, a30, a31, a32, a33);
  }

  private static void add(float[] g, int o, float a0, float a1, float a2, float a3) {
    g[o] += a0;
    g[o + 1] += a1;
    g[o + 2] += a2;
    g[o + 3] += a3;
  }
}
