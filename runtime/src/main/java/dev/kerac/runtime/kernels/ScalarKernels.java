package dev.kerac.runtime.kernels;

/**
 * {@link MatrixKernels} in plain Java, shaped for C2's auto-vectorizer: every hot loop is an AXPY over
 * contiguous memory with the same index on every array, written with {@link Math#fma} (which C2
 * vectorizes) so that each element is exactly the chain of fused multiply-adds the interface
 * specifies, the one the Vector API kernels compute. Zero inputs (ReLU outputs, blank pixels,
 * ReLU-masked gradients) are gathered out first, so their rows are never read; four rows are then
 * added per pass ({@code y = fma(a3, w3, fma(a2, w2, fma(a1, w1, fma(a0, w0, y))))}), which quarters
 * the loads and stores of the accumulating row and keeps the order of a one-row-at-a-time loop.
 *
 * <pre>{@code
 * MatrixKernels k = new ScalarKernels();
 * }</pre>
 */
public final class ScalarKernels implements MatrixKernels {

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0,
      int o1, boolean relu, Scratch s) {
    for (int b = b0; b < b1; b++) {
      int n = MatrixKernels.gather(x[b], in, s.idx, s.val);
      linearSparse(s.idx, s.val, n, w, bias, y[b], o0, o1, relu, s);
    }
  }

  @Override
  public void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] yr, int o0,
      int o1, boolean relu, Scratch s) {
    System.arraycopy(bias, o0, yr, o0, o1 - o0);
    int k = 0;
    for (; k + 3 < n; k += 4) {
      float[] w0 = w[idx[k]];
      float[] w1 = w[idx[k + 1]];
      float[] w2 = w[idx[k + 2]];
      float[] w3 = w[idx[k + 3]];
      float a0 = val[k];
      float a1 = val[k + 1];
      float a2 = val[k + 2];
      float a3 = val[k + 3];
      for (int o = o0; o < o1; o++) {
        yr[o] = Math.fma(a3, w3[o], Math.fma(a2, w2[o], Math.fma(a1, w1[o], Math.fma(a0, w0[o], yr[o]))));
      }
    }
    for (; k < n; k++) {
      float[] wr = w[idx[k]];
      float a = val[k];
      for (int o = o0; o < o1; o++) {
        yr[o] = Math.fma(a, wr[o], yr[o]);
      }
    }
    if (relu) {
      for (int o = o0; o < o1; o++) {
        yr[o] = Math.max(yr[o], 0f);
      }
    }
  }

  @Override
  public void weightGradient(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      Scratch s) {
    int[] idx = s.idx;
    float[] val = s.val;
    float[] sum = s.row;
    for (int i = i0; i < i1; i++) {
      // The samples whose input i is not zero, in order; their sum starts from zero, then is added.
      int n = MatrixKernels.gather(xt[i], batch, idx, val);
      java.util.Arrays.fill(sum, 0, units, 0f);
      int k = 0;
      for (; k + 3 < n; k += 4) {
        float[] d0 = dz[idx[k]];
        float[] d1 = dz[idx[k + 1]];
        float[] d2 = dz[idx[k + 2]];
        float[] d3 = dz[idx[k + 3]];
        float a0 = val[k];
        float a1 = val[k + 1];
        float a2 = val[k + 2];
        float a3 = val[k + 3];
        for (int o = 0; o < units; o++) {
          sum[o] = Math.fma(a3, d3[o], Math.fma(a2, d2[o], Math.fma(a1, d1[o], Math.fma(a0, d0[o], sum[o]))));
        }
      }
      for (; k < n; k++) {
        float[] d = dz[idx[k]];
        float a = val[k];
        for (int o = 0; o < units; o++) {
          sum[o] = Math.fma(a, d[o], sum[o]);
        }
      }
      float[] g = gw[i];
      for (int o = 0; o < units; o++) {
        g[o] += sum[o];
      }
    }
  }

  @Override
  public void biasGradient(float[][] dz, int batch, float[] gb, int units) {
    for (int b = 0; b < batch; b++) {
      float[] d = dz[b];
      for (int o = 0; o < units; o++) {
        gb[o] += d[o];
      }
    }
  }

  @Override
  public void transpose(float[][] a, float[][] t, int r0, int r1, int c0, int c1) {
    transposeBlock(a, t, r0, r1, c0, c1, 0);
  }

  /** {@code t[c][r - shift] = a[r][c]} for rows [r0, r1) and columns [c0, c1). */
  static void transposeBlock(float[][] a, float[][] t, int r0, int r1, int c0, int c1, int shift) {
    int r = r0;
    // Eight source rows at a time: each destination row gets 8 consecutive values.
    for (; r + 7 < r1; r += 8) {
      float[] a0 = a[r];
      float[] a1 = a[r + 1];
      float[] a2 = a[r + 2];
      float[] a3 = a[r + 3];
      float[] a4 = a[r + 4];
      float[] a5 = a[r + 5];
      float[] a6 = a[r + 6];
      float[] a7 = a[r + 7];
      for (int c = c0; c < c1; c++) {
        float[] tc = t[c];
        int q = r - shift;
        tc[q] = a0[c];
        tc[q + 1] = a1[c];
        tc[q + 2] = a2[c];
        tc[q + 3] = a3[c];
        tc[q + 4] = a4[c];
        tc[q + 5] = a5[c];
        tc[q + 6] = a6[c];
        tc[q + 7] = a7[c];
      }
    }
    for (; r < r1; r++) {
      float[] ar = a[r];
      for (int c = c0; c < c1; c++) {
        t[c][r - shift] = ar[c];
      }
    }
  }

  @Override
  public void reluBackward(float[][] y, float[][] dy, int b0, int b1, int n) {
    for (int b = b0; b < b1; b++) {
      float[] yr = y[b];
      float[] d = dy[b];
      for (int k = 0; k < n; k++) {
        d[k] = yr[k] > 0f ? d[k] : 0f;
      }
    }
  }
}
