package dev.kerac.runtime.model;

/** Shape arithmetic used by generated code at construction time. */
public final class Shapes {
  private Shapes() {}

  /**
   * For each element of a tensor of shape {@code from} (row-major), the row-major index of the element
   * of {@code to} it reads when {@code to} is broadcast to {@code from} (size-1 axes of {@code to} are
   * shared). Both shapes have the same rank.
   */
  public static int[] broadcastIndex(int[] from, int[] to) {
    if (from.length != to.length) {
      throw new IllegalArgumentException("ranks differ: " + from.length + " and " + to.length);
    }
    int n = 1;
    for (int d : from) {
      n *= d;
    }
    int[] out = new int[n];
    int[] idx = new int[from.length];
    for (int k = 0; k < n; k++) {
      int t = 0;
      for (int a = 0; a < to.length; a++) {
        t = t * to[a] + (to[a] == 1 ? 0 : idx[a]);
      }
      out[k] = t;
      for (int a = from.length - 1; a >= 0; a--) {
        if (++idx[a] < from[a]) {
          break;
        }
        idx[a] = 0;
      }
    }
    return out;
  }
}
