package dev.kerac.runtime.kernels;

/**
 * {@link MatrixKernels} in plain Java, shaped for C2's auto-vectorizer: every hot loop is an AXPY over
 * contiguous memory with the same index on every array ({@code y[o] = y[o] + a * w[o] + ...}). Zero
 * inputs (ReLU outputs, blank pixels, ReLU-masked gradients) are gathered out first, so their rows
 * are never read; four rows are then added per pass, which quarters the loads and stores of the
 * accumulating row while keeping the exact order of additions of a one-row-at-a-time loop.
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
      int o1, boolean relu, int[] idx, float[] val) {
    for (int b = b0; b < b1; b++) {
      int n = MatrixKernels.gather(x[b], in, idx, val);
      linearSparse(idx, val, n, w, bias, y[b], o0, o1, relu);
    }
  }

  @Override
  public void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] yr, int o0,
      int o1, boolean relu) {
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
      // Left to right: the same sum as four one-row passes, with a quarter of the y traffic.
      for (int o = o0; o < o1; o++) {
        yr[o] = yr[o] + a0 * w0[o] + a1 * w1[o] + a2 * w2[o] + a3 * w3[o];
      }
    }
    for (; k < n; k++) {
      float[] wr = w[idx[k]];
      float a = val[k];
      for (int o = o0; o < o1; o++) {
        yr[o] += a * wr[o];
      }
    }
    if (relu) {
      for (int o = o0; o < o1; o++) {
        yr[o] = Math.max(yr[o], 0f);
      }
    }
  }

  @Override
  public void weightGradient(float[][] x, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      int[] idx, float[] val) {
    for (int i = i0; i < i1; i++) {
      int n = 0;
      for (int b = 0; b < batch; b++) {
        float v = x[b][i];
        idx[n] = b;
        val[n] = v;
        n += v != 0f ? 1 : 0;
      }
      float[] g = gw[i];
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
          g[o] = g[o] + a0 * d0[o] + a1 * d1[o] + a2 * d2[o] + a3 * d3[o];
        }
      }
      for (; k < n; k++) {
        float[] d = dz[idx[k]];
        float a = val[k];
        for (int o = 0; o < units; o++) {
          g[o] += a * d[o];
        }
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
  public void transpose(float[][] w, float[][] wt, int i0, int i1, int units) {
    transposeRows(w, wt, i0, i1, units);
  }

  static void transposeRows(float[][] w, float[][] wt, int i0, int i1, int units) {
    int i = i0;
    // Eight source rows at a time: each destination row gets 8 consecutive values (half a cache line).
    for (; i + 7 < i1; i += 8) {
      float[] r0 = w[i];
      float[] r1 = w[i + 1];
      float[] r2 = w[i + 2];
      float[] r3 = w[i + 3];
      float[] r4 = w[i + 4];
      float[] r5 = w[i + 5];
      float[] r6 = w[i + 6];
      float[] r7 = w[i + 7];
      for (int o = 0; o < units; o++) {
        float[] t = wt[o];
        t[i] = r0[o];
        t[i + 1] = r1[o];
        t[i + 2] = r2[o];
        t[i + 3] = r3[o];
        t[i + 4] = r4[o];
        t[i + 5] = r5[o];
        t[i + 6] = r6[o];
        t[i + 7] = r7[o];
      }
    }
    for (; i < i1; i++) {
      float[] r = w[i];
      for (int o = 0; o < units; o++) {
        wt[o][i] = r[o];
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
