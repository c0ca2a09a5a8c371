package dev.kerac.runtime.kernels;

/**
 * The Vector API kernels, but the scalar ones until the JIT has compiled them. Until C2 compiles it,
 * Vector API code runs in the interpreter, where every vector is an object: a first prediction would
 * take 100 ms instead of a few. So a daemon thread runs the vector kernels on small arrays at start-up
 * while calls go to the scalar kernels, then switches every call over. Both compute the same FMA chains
 * (see {@link MatrixKernels}), so the switch changes speed, not results.
 */
final class WarmingKernels implements MatrixKernels {
  /** Calls of each kernel in the warm-up: past C2's compile thresholds (about 10,000 loop iterations). */
  static final int ROUNDS = 3000;

  private final MatrixKernels scalar;
  private final MatrixKernels vector;
  private volatile boolean warm;

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

  private MatrixKernels current() {
    return warm ? vector : scalar;
  }

  /** Every vector code path: full and partial register blocks, narrow columns, all operations. */
  private void warmUp() {
    try {
      int in = 24;
      int units = 90; // a 4-vector block, one vector, then narrow columns (at 512 bits)
      int batch = 6;
      java.util.Random r = new java.util.Random(0);
      float[][] x = new float[batch][in];
      float[][] w = new float[in][units];
      float[][] dz = new float[batch][units];
      for (float[][] a : new float[][][] {x, w, dz}) {
        for (float[] row : a) {
          for (int i = 0; i < row.length; i++) {
            row[i] = r.nextFloat() - 0.5f;
          }
        }
      }
      float[] bias = new float[units];
      float[][] y = new float[batch][units];
      float[][] xt = new float[in][batch];
      float[][] gw = new float[in][units];
      float[] gb = new float[units];
      float[][] yt = new float[in][batch];
      float[][] dzt = new float[units][batch];
      float[] noBias = new float[batch];
      int[] idx = new int[in];
      Scratch s = new Scratch().ensure(Math.max(in, units), units);
      for (int round = 0; round < ROUNDS; round++) {
        vector.linear(x, 0, batch, w, bias, y, in, 0, units, (round & 1) == 0, s);
        int n = MatrixKernels.gather(x[round % batch], in, idx, s.val);
        vector.linearSparse(idx, s.val, n, w, bias, y[0], 0, units, (round & 1) == 0, s);
        vector.transpose(x, xt, 0, batch, 0, in);
        vector.weightGradient(xt, dz, batch, gw, 0, in, units, s);
        vector.biasGradient(dz, batch, gb, units);
        vector.transpose(dz, dzt, 0, batch, 0, units);
        vector.linear(w, 0, in, dzt, noBias, yt, units, 0, batch, false, s);
        vector.reluBackward(y, dz, 0, batch, units);
      }
      warm = true;
    } catch (RuntimeException | Error e) {
      // Stay on the scalar kernels: correct, only slower.
      System.err.println("kerac: the Vector API kernels failed to warm up (" + e + "); using plain Java loops");
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
