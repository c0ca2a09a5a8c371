package dev.kerac.processor.layers.pooling;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * Window arithmetic of pooling (and other sliding-window layers), Keras's rules (KERAS_SEMANTICS
 * §1.7 with dilation 1): per spatial axis, {@code VALID} gives {@code floor((n - k) / s) + 1} windows
 * inside the input; {@code SAME} gives {@code ceil(n / s)} windows over an input padded by
 * {@code P = max((out - 1) * s + k - n, 0)} cells, {@code floor(P / 2)} before and the rest after.
 *
 * <pre>{@code
 * Windows.Axis a = Windows.Axis.of(5, 2, 2, true);   // n 5, pool 2, stride 2, 'same'
 * // a.out() == 3, a.before() == 0: the padding cell goes after, the last window holds one cell
 * }</pre>
 */
public final class Windows {
  private Windows() {}

  /**
   * One spatial axis.
   *
   * @param n input length
   * @param k window length
   * @param s stride
   * @param out number of windows
   * @param before padding cells before the first input cell (0 with VALID)
   */
  public record Axis(int n, int k, int s, int out, int before) {

    /** The axis for {@code padding} VALID or SAME; {@code out <= 0} when a VALID window does not fit. */
    public static Axis of(int n, int k, int s, boolean same) {
      if (same) {
        int out = (n + s - 1) / s;
        int total = Math.max((out - 1) * s + k - n, 0);
        return new Axis(n, k, s, out, total / 2);
      }
      return new Axis(n, k, s, n < k ? 0 : (n - k) / s + 1, 0);
    }

    /** Whether some window reaches outside the input (only possible with SAME). */
    public boolean padded() {
      return before > 0 || (out - 1) * s - before + k > n;
    }
  }

  /**
   * Reads an {@code int[]} attribute given either once for every spatial axis or once per axis, and
   * checks that every value is positive. Returns the per-axis values, or {@code null} after reporting.
   *
   * @param axes the axes' names for the message, e.g. {@code "height, width"}
   */
  public static int[] perAxis(AnnotationReader a, String attribute, int rank, String axes, Report report) {
    int[] v = a.getIntArray(attribute);
    if (v.length != 1 && v.length != rank) {
      report.error(a.element(), a.mirror(), attribute, Message.SPATIAL_ARITY, a.simpleName(), attribute, rank,
          "one per axis: " + axes, Arrays.toString(v));
      return null;
    }
    for (int d : v) {
      if (d <= 0) {
        report.error(a.element(), a.mirror(), attribute, Message.SPATIAL_NOT_POSITIVE, a.simpleName(), attribute,
            Arrays.toString(v));
        return null;
      }
    }
    if (v.length == rank) {
      return v;
    }
    int[] all = new int[rank];
    Arrays.fill(all, v[0]);
    return all;
  }

  /** Per-axis values read without reporting, for attributes {@link #perAxis} has already checked. */
  public static int[] perAxis(AnnotationReader a, String attribute, int rank) {
    return perAxis(a, attribute, rank, "", Report.silent());
  }
}
