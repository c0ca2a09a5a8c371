package dev.kerac.runtime.kernels;

/**
 * The Vector API kernels, but the scalar ones until the JIT has compiled them. Until C2 compiles it,
 * Vector API code runs in the interpreter or C1, where every vector is an object: a first prediction
 * would take 100 ms instead of a few, and allocate. So a daemon thread runs the vector kernels at
 * start-up on a set of small layers that takes every code path and branch of {@link VectorKernels}
 * (so that C2 compiles no trap that a later shape would hit, which would send the code back to the
 * interpreter), while calls go to the scalar kernels; it switches every call over once a whole round
 * of that warm-up allocates nothing, i.e. every vector is a register. Both compute the same FMA chains
 * (see {@link MatrixKernels}), so the switch changes speed, not results.
 *
 * <pre>{@code
 * MatrixKernels k = new WarmingKernels(Kernels.scalar(), Kernels.vector().get());
 * k.linear(x, 0, batch, w, bias, y, in, 0, units, true, scratch);   // scalar now, vector once compiled
 * }</pre>
 */
final class WarmingKernels implements MatrixKernels {
  /** Warm-up rounds when allocations cannot be measured: past C2's compile thresholds. */
  static final int ROUNDS = 3000;
  /** After this long without an allocation-free round, the vector kernels are not used. */
  static final long GIVE_UP_NANOS = 120_000_000_000L;

  private final MatrixKernels scalar;
  private final MatrixKernels vector;
  private volatile boolean warm;
  private volatile boolean done;

  WarmingKernels(MatrixKernels scalar, MatrixKernels vector) {
    this.scalar = scalar;
    this.vector = vector;
    Thread t = new Thread(this::warmUp, "kerac-kernels-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** Whether calls go to the vector kernels yet. */
  boolean warm() {
    return warm;
  }

  /** Waits up to {@code millis} for the warm-up to end; returns {@link #warm()}. */
  boolean awaitWarm(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (!done && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return warm;
  }

  private MatrixKernels current() {
    return warm ? vector : scalar;
  }

  private void warmUp() {
    try {
      Warmup w = new Warmup(vector);
      AllocationMeter meter = AllocationMeter.create();
      long start = System.nanoTime();
      for (int round = 0; ; round++) {
        long before = meter == null ? 0 : meter.bytes();
        w.round(round);
        if (meter == null ? round + 1 >= ROUNDS : meter.bytes() == before && round > 0) {
          warm = true;
          return;
        }
        if (System.nanoTime() - start > GIVE_UP_NANOS) {
          System.err.println("kerac: the Vector API kernels still allocate after warming up; using plain Java loops");
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      // Stay on the scalar kernels: correct, only slower.
      System.err.println("kerac: the Vector API kernels failed to warm up (" + e + "); using plain Java loops");
    } finally {
      done = true;
    }
  }

  /** The calling thread's allocated bytes, where the JVM reports them (module jdk.management). */
  private static final class AllocationMeter {
    private final com.sun.management.ThreadMXBean bean;

    private AllocationMeter(com.sun.management.ThreadMXBean bean) {
      this.bean = bean;
    }

    static AllocationMeter create() {
      try {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
            && b.isThreadAllocatedMemorySupported() && b.isThreadAllocatedMemoryEnabled()
            && b.getCurrentThreadAllocatedBytes() >= 0) {
          return new AllocationMeter(b);
        }
      } catch (LinkageError | RuntimeException e) {
        // No jdk.management: fall back to a fixed number of rounds.
      }
      return null;
    }

    long bytes() {
      return bean.getCurrentThreadAllocatedBytes();
    }
  }

  /**
   * Layers whose passes take every path of the vector kernels, at any vector length {@code L}: 4-vector
   * register blocks with and without a sample tail, single vectors, an overlapping last vector, units
   * narrower than a vector (along the samples, 4 or fewer units, with a scalar sample tail), single
   * samples (all inputs, gathered non-zero ones, 4-vector and paired blocks, narrow), gradient row
   * blocks of zero and non-zero inputs with a row tail, ReLU on and off, ranges that start past 0
   * (the parts of a multi-threaded pass).
   */
  private static final class Warmup {
    private final MatrixKernels k;
    private final DenseOp[] ops;
    private final float[][][] x;
    private final float[][][] y;
    private final float[][][] dy;
    private final float[][][] dx;
    private final int[] batch;
    private final float[][] w;
    private final float[] bias;
    private final float[][] out;
    private final Scratch s;

    Warmup(MatrixKernels k) {
      this.k = k;
      int l = Integer.parseInt(k.name().substring(k.name().indexOf('-') + 1)) / 32;
      // {in, units, batch, relu}
      int[][] shapes = {
          {4 * l + 5, 5 * l + 3, 3, 1}, {4 * l + 5, 5 * l + 3, 1, 0}, {100, 5 * l + 3, 1, 1},
          {37, 10, 5 * l + 3, 0}, {37, 10, 5 * l + 3, 1}, {6, 2, l + 1, 1}, {6, 3, 1, 0}, {3, 4, 1, 1},
          {4 * l, l, 1, 1}, {4 * l, l, 8, 0}, {8, 4 * l, 4, 0}, {16, 3, 8, 1}, {5, 1, 3, 1}, {40, 70, 3, 0}, {24, 130, 8, 1},
          {4 * l, l, 8, 1}};
      int n = shapes.length;
      ops = new DenseOp[n];
      x = new float[n][][];
      y = new float[n][][];
      dy = new float[n][][];
      dx = new float[n][][];
      batch = new int[n];
      java.util.Random r = new java.util.Random(0);
      for (int i = 0; i < n; i++) {
        int in = shapes[i][0];
        int units = shapes[i][1];
        batch[i] = shapes[i][2];
        x[i] = random(r, batch[i], in);
        for (float[] row : x[i]) {
          for (int j = 0; j < Math.min(4, in - 1); j++) {
            row[j] = 0f; // whole zero input columns: the gradient's skipped row blocks
          }
        }
        y[i] = new float[batch[i]][units];
        dy[i] = random(r, batch[i], units);
        dx[i] = new float[batch[i]][in];
        ops[i] = new DenseOp(Workers.create(1), k, in, units, random(r, in, units), random(r, 1, units)[0],
            new float[in][units], new float[units], shapes[i][3] == 1);
      }
      w = random(r, 24, 5 * l + 3);
      bias = new float[5 * l + 3];
      out = new float[6][5 * l + 3];
      s = new Scratch().ensure(5 * l + 3, 5 * l + 3);
    }

    void round(int round) {
      for (int i = 0; i < ops.length; i++) {
        ops[i].forward(x[i], y[i], batch[i]);
        ops[i].backward(x[i], y[i], dy[i], batch[i], dx[i]);
      }
      // The second part of a two-thread pass over 5L+3 units: ranges starting at 4L... and L...
      int units = bias.length;
      int l4 = (units - 3) / 5 * 4;
      k.linear(x[0], 0, 3, w, bias, out, 24, l4, units, (round & 1) == 0, s);
      k.linear(x[0], 0, 3, w, bias, out, 24, l4 / 4, units, (round & 1) == 0, s);
      int[] idx = s.idx;
      for (int j = 0; j < 24; j++) {
        idx[j] = j;
      }
      k.linearSparse(idx, x[0][0], 24, w, bias, out[0], l4, units, (round & 1) == 0, s);
      k.linearSparse(idx, x[0][0], 24, w, bias, out[0], l4 / 4, units, (round & 1) == 0, s);
    }

    private static float[][] random(java.util.Random r, int rows, int cols) {
      float[][] a = new float[rows][cols];
      for (float[] row : a) {
        for (int j = 0; j < cols; j++) {
          row[j] = r.nextFloat() - 0.5f;
        }
      }
      return a;
    }
  }

  @Override
  public String name() {
    return vector.name() + " (plain Java until compiled)";
  }

  @Override
  public void linear(float[][] x, int b0, int b1, float[][] w, float[] bias, float[][] y, int in, int o0, int o1,
      boolean relu, Scratch s) {
    current().linear(x, b0, b1, w, bias, y, in, o0, o1, relu, s);
  }

  @Override
  public void linearSparse(int[] idx, float[] val, int n, float[][] w, float[] bias, float[] y, int o0, int o1,
      boolean relu, Scratch s) {
    current().linearSparse(idx, val, n, w, bias, y, o0, o1, relu, s);
  }

  @Override
  public void weightGradient(float[][] xt, float[][] dz, int batch, float[][] gw, int i0, int i1, int units,
      Scratch s) {
    current().weightGradient(xt, dz, batch, gw, i0, i1, units, s);
  }

  @Override
  public void biasGradient(float[][] dz, int batch, float[] gb, int units) {
    current().biasGradient(dz, batch, gb, units);
  }

  @Override
  public void transpose(float[][] a, float[][] t, int r0, int r1, int c0, int c1) {
    current().transpose(a, t, r0, r1, c0, c1);
  }

  @Override
  public boolean inputGradientFromKernelRows() {
    return current().inputGradientFromKernelRows();
  }

  @Override
  public void reluBackward(float[][] y, float[][] dy, int b0, int b1, int n) {
    current().reluBackward(y, dy, b0, b1, n);
  }
}
