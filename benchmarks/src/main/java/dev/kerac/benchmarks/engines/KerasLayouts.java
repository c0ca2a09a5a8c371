package dev.kerac.benchmarks.engines;

import dev.kerac.runtime.io.Npy;

/**
 * Converts Keras weight layouts (the peer {@code .npz}) into the channels-first layouts of PyTorch
 * (DJL) and DL4J. Keras keeps images NHWC and conv kernels {@code [kh, kw, in, out]}; both peers keep
 * images NCHW and conv kernels {@code [out, in, kh, kw]}, so a Flatten after a convolution orders its
 * features {@code (c, y, x)} instead of Keras's {@code (y, x, c)} and the next Dense kernel's rows
 * must be permuted.
 *
 * <pre>{@code
 * float[] oihw = KerasLayouts.convKernelOihw(npz.get("conv2d/kernel"));
 * float[] rows = KerasLayouts.flattenRowsNchw(npz.get("dense/kernel"), 5, 5, 64);  // still [in, out]
 * float[] w = KerasLayouts.transpose(rows, 1600, 128);                               // [out, in]
 * }</pre>
 */
final class KerasLayouts {
  private KerasLayouts() {}

  /** A Keras conv kernel {@code [kh, kw, in, out]} as {@code [out, in, kh, kw]}. */
  static float[] convKernelOihw(Npy.Array k) {
    int[] s = k.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException("conv kernel must have 4 axes [kh, kw, in, out]; got "
          + java.util.Arrays.toString(s));
    }
    int kh = s[0];
    int kw = s[1];
    int in = s[2];
    int out = s[3];
    float[] v = k.data();
    float[] t = new float[v.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int c = 0; c < in; c++) {
          for (int o = 0; o < out; o++) {
            t[((o * in + c) * kh + y) * kw + x] = v[((y * kw + x) * in + c) * out + o];
          }
        }
      }
    }
    return t;
  }

  /**
   * A Keras Dense kernel {@code [h·w·c, out]} that follows a Flatten of an NHWC {@code h×w×c} map,
   * with its rows reordered for an NCHW flatten; still {@code [in, out]}.
   */
  static float[] flattenRowsNchw(Npy.Array k, int h, int w, int c) {
    int[] s = k.shape();
    if (s.length != 2 || s[0] != h * w * c) {
      throw new IllegalArgumentException("Dense kernel after Flatten must be [" + (h * w * c)
          + ", out]; got " + java.util.Arrays.toString(s));
    }
    int out = s[1];
    float[] v = k.data();
    float[] t = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          System.arraycopy(v, ((y * w + x) * c + ch) * out, t, ((ch * h + y) * w + x) * out, out);
        }
      }
    }
    return t;
  }

  /** {@code v} as a {@code [rows, cols]} matrix, transposed to {@code [cols, rows]}. */
  static float[] transpose(float[] v, int rows, int cols) {
    float[] t = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = v[r * cols + c];
      }
    }
    return t;
  }
}
