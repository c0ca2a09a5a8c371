package dev.kerac.runtime.activations;

/**
 * {@code sparsemax} over consecutive groups of {@code axisSize} elements, following the Keras code
 * (not the textbook): with the group sorted descending {@code z(1) >= z(2) >= ...} and
 * {@code c_j = z(1) + ... + z(j)}, the support is {@code S = {j : z(j) - (c_j - 1)/j > 0}},
 * {@code k = |S|}, and {@code tau = (sum of c_j over S - 1)/k} (the textbook uses {@code (c_k - 1)/k});
 * {@code y = max(x - tau, 0)}.
 *
 * <p>The gradient is that of this formula: {@code d tau / d z(i) = #{j in S : j >= i} / k}, so
 * {@code dz_i = [y_i > 0] dy_i - (sum of dy over y > 0) * d tau / d z_i}. Ties sort by index, as a
 * stable sort would. The sort scratch is owned by the instance: not thread-safe.
 */
final class Sparsemax extends AxisActivation {
  /** Indices of the current group, sorted by descending value. */
  private final int[] order;
  /** Per sorted position p: the number of support positions at or after p ({@code k * d tau / d z(p)}). */
  private final int[] tail;
  /** Sum of {@code c_j} over the support, left by {@link #support}. */
  private double supportCumsum;

  Sparsemax(int axisSize) {
    super("sparsemax", axisSize);
    this.order = new int[axisSize];
    this.tail = new int[axisSize];
  }

  @Override
  public void forward(float[] z, float[] y, int n) {
    checkCount(n);
    int a = axisSize;
    for (int off = 0; off < n; off += a) {
      float tau = (float) tau(z, off);
      for (int i = off; i < off + a; i++) {
        y[i] = Math.max(z[i] - tau, 0f);
      }
    }
  }

  @Override
  public void backward(float[] z, float[] y, float[] dy, float[] dz, int n) {
    checkCount(n);
    int a = axisSize;
    for (int off = 0; off < n; off += a) {
      int k = support(z, off);
      double activeSum = 0;
      for (int i = off; i < off + a; i++) {
        if (y[i] > 0f) {
          activeSum += dy[i];
        }
      }
      // Read dy before writing dz at each index (they may be the same array).
      for (int p = 0; p < a; p++) {
        int i = off + order[p];
        float own = y[i] > 0f ? dy[i] : 0f;
        dz[i] = (float) (own - activeSum * tail[p] / k);
      }
    }
  }

  /** Sorts the group and returns tau. */
  private double tau(float[] z, int off) {
    int k = support(z, off);
    return (supportCumsum - 1.0) / k;
  }

  /**
   * Sorts the group into {@code order}, fills {@code tail} (see the field), sets {@code supportCumsum}
   * and returns {@code k} (at least 1: the top element always qualifies).
   */
  private int support(float[] z, int off) {
    int a = axisSize;
    sortDescending(z, off);
    double cumsum = 0;
    double onSupport = 0;
    int k = 0;
    for (int p = 0; p < a; p++) {
      double v = z[off + order[p]];
      cumsum += v;
      // Keras counts every qualifying position (a prefix in exact arithmetic) and sums their c_j. The
      // top one always qualifies (its test is 1 > 0); saying so keeps k >= 1 when huge values round.
      boolean in = p == 0 || v - (cumsum - 1.0) / (p + 1) > 0;
      tail[p] = in ? 1 : 0;
      if (in) {
        k++;
        onSupport += cumsum;
      }
    }
    int count = 0;
    for (int p = a - 1; p >= 0; p--) {
      count += tail[p];
      tail[p] = count;
    }
    supportCumsum = onSupport;
    return k;
  }

  /** Heapsort of the group's indices, descending by value, ties by ascending index. No allocation. */
  private void sortDescending(float[] z, int off) {
    int a = axisSize;
    for (int i = 0; i < a; i++) {
      order[i] = i;
    }
    // A min-heap on (value, -index) leaves the array in descending order after the sort-down phase.
    for (int i = a / 2 - 1; i >= 0; i--) {
      siftDown(z, off, i, a);
    }
    for (int end = a - 1; end > 0; end--) {
      int t = order[0];
      order[0] = order[end];
      order[end] = t;
      siftDown(z, off, 0, end);
    }
  }

  private void siftDown(float[] z, int off, int root, int size) {
    int r = root;
    while (true) {
      int child = 2 * r + 1;
      if (child >= size) {
        return;
      }
      if (child + 1 < size && before(z, off, order[child], order[child + 1])) {
        child++;
      }
      if (!before(z, off, order[r], order[child])) {
        return;
      }
      int t = order[r];
      order[r] = order[child];
      order[child] = t;
      r = child;
    }
  }

  /** True if group index {@code i} comes before {@code j} in the descending order. */
  private static boolean before(float[] z, int off, int i, int j) {
    float a = z[off + i];
    float b = z[off + j];
    return a > b || (a == b && i < j);
  }
}
