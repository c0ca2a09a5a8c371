package dev.kerac.processor.layers.convolution;

/**
 * One spatial axis of a convolution loop nest: for each {@code outer} position {@code o} and kernel
 * tap {@code a}, the {@code target} position it touches. Forward form (a convolution read, or a
 * transposed convolution's scatter seen from its input): {@code t = o * stride + a * dilation - pad}.
 * Transposed form (a transposed convolution's output gathering from its input):
 * {@code o + pad - a * dilation = t * stride}, skipped unless divisible. Taps whose target falls
 * outside {@code [0, target)} are skipped (zero padding).
 *
 * @param outer positions the loop walks
 * @param target size of the axis the taps land on
 * @param pad padding before the input (forward) or cropping of the full output (transposed)
 */
record Axis(int outer, int target, int kernel, int stride, int dilation, int pad, boolean transposed) {

  /** The axis of a 1-D layer's missing height: one position, one tap. */
  static Axis single() {
    return new Axis(1, 1, 1, 1, 1, 0, false);
  }

  boolean trivial() {
    return outer == 1 && target == 1 && kernel == 1 && pad == 0;
  }

  /** The target of (o, a), or -1 when the tap is skipped. */
  int targetOf(int o, int a) {
    int t;
    if (!transposed) {
      t = o * stride + a * dilation - pad;
    } else {
      int u = o + pad - a * dilation;
      if (u < 0 || u % stride != 0) {
        return -1;
      }
      t = u / stride;
    }
    return t < 0 || t >= target ? -1 : t;
  }

  /** Whether some tap lands before 0 (so the loop needs that check). */
  boolean clipsLow() {
    for (int o = 0; o < outer; o++) {
      for (int a = 0; a < kernel; a++) {
        int t = transposed ? o + pad - a * dilation : o * stride + a * dilation - pad;
        if (t < 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether some tap lands at or after {@code target}. */
  boolean clipsHigh() {
    for (int o = 0; o < outer; o++) {
      for (int a = 0; a < kernel; a++) {
        int t = transposed ? Math.floorDiv(o + pad - a * dilation, stride) : o * stride + a * dilation - pad;
        if (t >= target) {
          return true;
        }
      }
    }
    return false;
  }
}
