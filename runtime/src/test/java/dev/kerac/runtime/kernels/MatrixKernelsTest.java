package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link MatrixKernels} operation of every available implementation against plain
 * double-precision sums, over shapes that hit each register block and each remainder (units below,
 * at and just past a vector and a 4-vector block; batches below, at and past 4 samples), inputs with
 * zeros, and ranges split the way {@link DenseOp} splits them (which must not change a single bit).
 * The Vector API implementation is tested when the JVM has {@code jdk.incubator.vector} (the build
 * runs this class a second time with it).
 */
class MatrixKernelsTest {
  static final int[] UNITS = {1, 3, 4, 10, 16, 17, 32, 40, 63, 64, 65, 100, 130, 200};
  static final int[] INPUTS = {1, 5, 16, 37};
  static final int[] BATCHES = {1, 3, 4, 9, 37};

  static List<MatrixKernels> implementations() {
    List<MatrixKernels> all = new ArrayList<>();
    all.add(Kernels.scalar());
    Kernels.vector().ifPresent(all::add);
    return all;
  }

  @Test
  void theVectorKernelsAreTestedWhenTheModuleIsPresent() {
    boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(module, Kernels.vector().isPresent());
    assertEquals(module, Kernels.best().name().startsWith("vector"), Kernels.best().name());
  }

  /** Random values, about a third of them zero (like ReLU outputs and blank pixels). */
  static float[][] rows(Random r, int n, int size) {
    float[][] a = new float[n][size];
    for (float[] row : a) {
      for (int i = 0; i < size; i++) {
        row[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian();
      }
    }
    return a;
  }

  /**
   * |got - want| within the rounding bound of a float sum of {@code terms} terms whose absolute values
   * add up to {@code scale}: {@code terms * 2^-24 * scale} (plus the final rounding).
   */
  static void assertSum(double want, double scale, int terms, float got, String what) {
    double tol = (terms + 1) * 0x1p-24 * scale + 1e-30;
    assertTrue(Math.abs(got - want) <= tol, what + ": expected " + want + " got " + got + " (tolerance " + tol + ")");
  }

  @TestFactory
  Stream<DynamicTest> linear() {
    List<DynamicTest> tests = new ArrayList<>();
    for (MatrixKernels k : implementations()) {
      for (int units : UNITS) {
        for (int in : INPUTS) {
          for (int batch : BATCHES) {
            for (boolean relu : new boolean[] {false, true}) {
              String name = k.name() + " linear in=" + in + " units=" + units + " batch=" + batch + (relu ? " relu" : "");
              tests.add(DynamicTest.dynamicTest(name, () -> checkLinear(k, in, units, batch, relu, name)));
            }
          }
        }
      }
    }
    return tests.stream();
  }

  static void checkLinear(MatrixKernels k, int in, int units, int batch, boolean relu, String name) {
    Random r = new Random(31L * in + 7L * units + batch);
    float[][] x = rows(r, batch, in);
    float[][] w = rows(r, in, units);
    float[] bias = rows(r, 1, units)[0];
    float[][] y = new float[batch][units];
    Scratch sc = new Scratch().ensure(in, units);
    k.linear(x, 0, batch, w, bias, y, in, 0, units, relu, sc);
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < units; o++) {
        double s = bias[o];
        double scale = Math.abs(bias[o]);
        for (int i = 0; i < in; i++) {
          s += (double) x[b][i] * w[i][o];
          scale += Math.abs((double) x[b][i] * w[i][o]);
        }
        assertSum(relu ? Math.max(s, 0) : s, scale, in + 1, y[b][o], name + " y[" + b + "][" + o + "]");
      }
    }
    // Split by units at multiples of DenseOp.ALIGN, and by samples: not one bit changes.
    float[][] split = new float[batch][units];
    for (int part = 0; part < 3; part++) {
      int o0 = DenseOp.start(units, part, 3);
      int o1 = DenseOp.start(units, part + 1, 3);
      if (o0 < o1) {
        k.linear(x, 0, batch, w, bias, split, in, o0, o1, relu, sc);
      }
    }
    assertBitsEqual(y, split, name + " split by units");
    float[][] bySample = new float[batch][units];
    for (int b = 0; b < batch; b += 4) {
      k.linear(x, b, Math.min(batch, b + 4), w, bias, bySample, in, 0, units, relu, sc);
    }
    assertBitsEqual(y, bySample, name + " split by samples");
    // One sample from its non-zero inputs: the same chain, so the same bits as in the batch.
    float[] one = new float[units];
    int[] idx = new int[in];
    float[] val = new float[in];
    int n = MatrixKernels.gather(x[batch - 1], in, idx, val);
    k.linearSparse(idx, val, n, w, bias, one, 0, units, relu, sc);
    assertBitsEqual(new float[][] {y[batch - 1]}, new float[][] {one}, name + " sparse vs batch");
    // Split by units as DenseOp splits single samples: the same bits.
    float[] pieces = new float[units];
    for (int hi = units; hi > 0; ) {
      int lo = Math.max(0, (hi - 1) / DenseOp.ALIGN * DenseOp.ALIGN);
      k.linearSparse(idx, val, n, w, bias, pieces, lo, hi, relu, sc);
      hi = lo;
    }
    assertBitsEqual(new float[][] {one}, new float[][] {pieces}, name + " sparse split");
  }

  static void assertBitsEqual(float[][] want, float[][] got, String what) {
    for (int b = 0; b < want.length; b++) {
      for (int o = 0; o < want[b].length; o++) {
        assertEquals(Float.floatToIntBits(want[b][o]), Float.floatToIntBits(got[b][o]),
            what + " [" + b + "][" + o + "]: " + want[b][o] + " vs " + got[b][o]);
      }
    }
  }

  /**
   * The scalar and the Vector API kernels compute the same chains of FMAs: the same bits for every
   * operation (run when the JVM has the Vector API).
   */
  @TestFactory
  Stream<DynamicTest> bothImplementationsGiveTheSameBits() {
    List<DynamicTest> tests = new ArrayList<>();
    if (Kernels.vector().isEmpty()) {
      return tests.stream();
    }
    MatrixKernels a = Kernels.scalar();
    MatrixKernels v = Kernels.vector().get();
    for (int units : UNITS) {
      for (int in : INPUTS) {
        for (int batch : BATCHES) {
          tests.add(DynamicTest.dynamicTest("in=" + in + " units=" + units + " batch=" + batch, () -> {
            Random r = new Random(7L * in + 3L * units + batch);
            float[][] x = rows(r, batch, in);
            float[][] w = rows(r, in, units);
            float[] bias = rows(r, 1, units)[0];
            float[][] dz = rows(r, batch, units);
            Scratch sc = new Scratch().ensure(Math.max(batch, Math.max(in, units)), Math.max(in, units));
            float[][] ya = new float[batch][units];
            float[][] yv = new float[batch][units];
            a.linear(x, 0, batch, w, bias, ya, in, 0, units, true, sc);
            v.linear(x, 0, batch, w, bias, yv, in, 0, units, true, sc);
            assertBitsEqual(ya, yv, "linear");
            int[] idx = new int[in];
            float[] val = new float[in];
            int n = MatrixKernels.gather(x[0], in, idx, val);
            float[] sa = new float[units];
            float[] sv = new float[units];
            a.linearSparse(idx, val, n, w, bias, sa, 0, units, false, sc);
            v.linearSparse(idx, val, n, w, bias, sv, 0, units, false, sc);
            assertBitsEqual(new float[][] {sa}, new float[][] {sv}, "linearSparse");
            float[][] xt = new float[in][batch];
            a.transpose(x, xt, 0, batch, 0, in);
            float[][] ga = rows(r, in, units);
            float[][] gv = copy(ga);
            a.weightGradient(xt, dz, batch, ga, 0, in, units, sc);
            v.weightGradient(xt, dz, batch, gv, 0, in, units, sc);
            assertBitsEqual(ga, gv, "weightGradient");
          }));
        }
      }
    }
    return tests.stream();
  }

  @Test
  void gatherListsTheNonZeroInputsInOrder() {
    float[] x = {0f, 2f, 0f, 0f, -1f, 0.5f, 0f};
    int[] idx = new int[7];
    float[] val = new float[7];
    assertEquals(3, MatrixKernels.gather(x, 7, idx, val));
    assertEquals(List.of(1, 4, 5), List.of(idx[0], idx[1], idx[2]));
    assertEquals(List.of(2f, -1f, 0.5f), List.of(val[0], val[1], val[2]));
  }

  @TestFactory
  Stream<DynamicTest> backwardOperations() {
    List<DynamicTest> tests = new ArrayList<>();
    for (MatrixKernels k : implementations()) {
      for (int units : UNITS) {
        for (int in : INPUTS) {
          for (int batch : BATCHES) {
            String name = k.name() + " in=" + in + " units=" + units + " batch=" + batch;
            tests.add(DynamicTest.dynamicTest(name, () -> checkBackward(k, in, units, batch, name)));
          }
        }
      }
    }
    return tests.stream();
  }

  static void checkBackward(MatrixKernels k, int in, int units, int batch, String name) {
    Random r = new Random(17L * in + 5L * units + batch);
    float[][] x = rows(r, batch, in);
    float[][] dz = rows(r, batch, units);
    float[][] w = rows(r, in, units);
    // Gradients accumulate onto what is there.
    float[][] gw = rows(r, in, units);
    float[][] gw0 = copy(gw);
    float[] gb = rows(r, 1, units)[0];
    float[] gb0 = gb.clone();
    Scratch sc = new Scratch().ensure(Math.max(batch, Math.max(in, units)), Math.max(in, units));
    float[][] xt = new float[in][batch];
    k.transpose(x, xt, 0, batch, 0, in);
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < in; i++) {
        assertEquals(x[b][i], xt[i][b], name + " transposed input");
      }
    }
    k.weightGradient(xt, dz, batch, gw, 0, in, units, sc);
    k.biasGradient(dz, batch, gb, units);
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < units; o++) {
        double s = gw0[i][o];
        double scale = Math.abs(s);
        for (int b = 0; b < batch; b++) {
          s += (double) x[b][i] * dz[b][o];
          scale += Math.abs((double) x[b][i] * dz[b][o]);
        }
        assertSum(s, scale, batch + 1, gw[i][o], name + " gw[" + i + "][" + o + "]");
      }
    }
    for (int o = 0; o < units; o++) {
      double s = gb0[o];
      double scale = Math.abs(s);
      for (int b = 0; b < batch; b++) {
        s += dz[b][o];
        scale += Math.abs(dz[b][o]);
      }
      assertSum(s, scale, batch + 1, gb[o], name + " gb[" + o + "]");
    }
    // Rows split as DenseOp splits them: the same bits.
    float[][] split = copy(gw0);
    for (int part = 0; part < 2; part++) {
      k.weightGradient(xt, dz, batch, split, DenseOp.start(in, part, 2), DenseOp.start(in, part + 1, 2), units,
          sc);
    }
    assertBitsEqual(gw, split, name + " gw split by rows");

    float[][] wt = new float[units][in];
    for (int part = 0; part < 2; part++) {
      k.transpose(w, wt, DenseOp.start(in, part, 2), DenseOp.start(in, part + 1, 2), 0, units);
    }
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < units; o++) {
        assertEquals(w[i][o], wt[o][i], name + " transpose");
      }
    }

    float[][] y = rows(r, batch, units);
    float[][] d = copy(dz);
    k.reluBackward(y, d, 0, batch, units);
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < units; o++) {
        assertEquals(y[b][o] > 0f ? dz[b][o] : 0f, d[b][o], name + " relu backward");
      }
    }
  }

  static float[][] copy(float[][] a) {
    float[][] c = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  @Test
  void reluBackwardZeroesTheGradientWhereTheOutputIsNotPositive() {
    // Long enough for whole vectors and a remainder.
    float[] pattern = {0f, 1f, -0f, Float.NaN, 3f, -2f, Float.POSITIVE_INFINITY};
    int n = 7 * 11;
    for (MatrixKernels k : implementations()) {
      float[][] y = new float[1][n];
      float[][] d = new float[1][n];
      for (int i = 0; i < n; i++) {
        y[0][i] = pattern[i % 7];
        d[0][i] = i + 1;
      }
      k.reluBackward(y, d, 0, 1, n);
      for (int i = 0; i < n; i++) {
        float want = y[0][i] > 0f ? i + 1 : 0f;
        assertEquals(want, d[0][i], k.name() + " element " + i + " (y = " + y[0][i] + ")");
      }
    }
  }
}
