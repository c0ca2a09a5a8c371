package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.testing.Allocations;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Dense layer's passes through {@link DenseOp}: against double-precision sums, the same bits on 1,
 * 2 and 3 threads (single sample and batches, forward and backward), and no allocation.
 */
class DenseOpTest {
  static final int IN = 150;
  static final int UNITS = 200;

  /** One layer's arrays, filled from a seed. */
  static final class Layer {
    final float[][] kernel;
    final float[] bias;
    final float[][] kernelGrad = new float[IN][UNITS];
    final float[] biasGrad = new float[UNITS];
    final float[][] x;
    final float[][] y;
    final float[][] dy;
    final float[][] dx;

    Layer(int batch, long seed) {
      Random r = new Random(seed);
      kernel = MatrixKernelsTest.rows(r, IN, UNITS);
      bias = MatrixKernelsTest.rows(r, 1, UNITS)[0];
      x = MatrixKernelsTest.rows(r, batch, IN);
      y = new float[batch][UNITS];
      dy = MatrixKernelsTest.rows(r, batch, UNITS);
      dx = new float[batch][IN];
    }

    DenseOp op(Workers w, MatrixKernels k, boolean relu) {
      return new DenseOp(w, k, IN, UNITS, kernel, bias, kernelGrad, biasGrad, relu);
    }
  }

  @Test
  void forwardAndBackwardMatchPlainSums() {
    for (MatrixKernels k : MatrixKernelsTest.implementations()) {
      for (int batch : new int[] {1, 6}) {
        Layer l = new Layer(batch, 5);
        float[][] dy0 = MatrixKernelsTest.copy(l.dy);
        DenseOp op = l.op(Workers.create(1), k, true);
        op.forward(l.x, l.y, batch);
        op.backward(l.x, l.y, l.dy, batch, l.dx);
        String name = k.name() + " batch " + batch;
        double[][] dz = new double[batch][UNITS];
        for (int b = 0; b < batch; b++) {
          for (int o = 0; o < UNITS; o++) {
            double s = l.bias[o];
            double scale = Math.abs(s);
            for (int i = 0; i < IN; i++) {
              s += (double) l.x[b][i] * l.kernel[i][o];
              scale += Math.abs((double) l.x[b][i] * l.kernel[i][o]);
            }
            MatrixKernelsTest.assertSum(Math.max(s, 0), scale, IN + 1, l.y[b][o], name + " y");
            dz[b][o] = l.y[b][o] > 0 ? dy0[b][o] : 0;
            assertEquals((float) dz[b][o], l.dy[b][o], name + " dz");
          }
        }
        for (int i = 0; i < IN; i++) {
          for (int o = 0; o < UNITS; o++) {
            double s = 0;
            double scale = 0;
            for (int b = 0; b < batch; b++) {
              s += l.x[b][i] * dz[b][o];
              scale += Math.abs(l.x[b][i] * dz[b][o]);
            }
            MatrixKernelsTest.assertSum(s, scale, batch + 1, l.kernelGrad[i][o], name + " kernel gradient");
          }
        }
        for (int b = 0; b < batch; b++) {
          for (int i = 0; i < IN; i++) {
            double s = 0;
            double scale = 0;
            for (int o = 0; o < UNITS; o++) {
              s += dz[b][o] * l.kernel[i][o];
              scale += Math.abs(dz[b][o] * l.kernel[i][o]);
            }
            MatrixKernelsTest.assertSum(s, scale, UNITS + 1, l.dx[b][i], name + " dx");
          }
        }
      }
    }
  }

  @Test
  void everyThreadCountGivesTheSameBits() {
    for (MatrixKernels k : MatrixKernelsTest.implementations()) {
      for (int batch : new int[] {1, 3, 9}) {
        for (boolean relu : new boolean[] {false, true}) {
          Layer one = run(Workers.create(1), k, batch, relu);
          for (int threads = 2; threads <= 3; threads++) {
            try (Workers w = Workers.create(threads)) {
              Layer many = run(w, k, batch, relu);
              String name = k.name() + " batch " + batch + (relu ? " relu" : "") + " threads " + threads;
              MatrixKernelsTest.assertBitsEqual(one.y, many.y, name + " y");
              MatrixKernelsTest.assertBitsEqual(one.dy, many.dy, name + " dz");
              MatrixKernelsTest.assertBitsEqual(one.kernelGrad, many.kernelGrad, name + " kernel gradient");
              MatrixKernelsTest.assertBitsEqual(new float[][] {one.biasGrad}, new float[][] {many.biasGrad},
                  name + " bias gradient");
              MatrixKernelsTest.assertBitsEqual(one.dx, many.dx, name + " dx");
            }
          }
        }
      }
    }
  }

  @Test
  void scalarAndVectorKernelsGiveTheSameBits() {
    // Run when the JVM has the Vector API; the input gradient takes a different route in each.
    if (Kernels.vector().isEmpty()) {
      return;
    }
    for (int batch : new int[] {1, 5, 16, 21}) {
      for (boolean relu : new boolean[] {false, true}) {
        Layer a = run(Workers.create(1), Kernels.scalar(), batch, relu);
        Layer v = run(Workers.create(1), Kernels.vector().get(), batch, relu);
        String name = "batch " + batch + (relu ? " relu" : "");
        MatrixKernelsTest.assertBitsEqual(a.y, v.y, name + " y");
        MatrixKernelsTest.assertBitsEqual(a.kernelGrad, v.kernelGrad, name + " kernel gradient");
        MatrixKernelsTest.assertBitsEqual(new float[][] {a.biasGrad}, new float[][] {v.biasGrad}, name + " bias gradient");
        MatrixKernelsTest.assertBitsEqual(a.dx, v.dx, name + " dx");
      }
    }
  }

  @Test
  void aRepeatedSampleGivesTheSameBitsEveryTime() {
    for (MatrixKernels k : MatrixKernelsTest.implementations()) {
      Layer l = new Layer(1, 13);
      DenseOp op = l.op(Workers.create(1), k, true);
      op.forward(l.x, l.y, 1);
      float[][] first = MatrixKernelsTest.copy(l.y);
      for (int i = 0; i < 3; i++) {
        op.forward(l.x, l.y, 1);
        MatrixKernelsTest.assertBitsEqual(first, l.y, k.name() + " call " + (i + 2));
      }
    }
  }

  private static Layer run(Workers w, MatrixKernels k, int batch, boolean relu) {
    Layer l = new Layer(batch, 11);
    DenseOp op = l.op(w, k, relu);
    op.forward(l.x, l.y, batch);
    op.backward(l.x, l.y, l.dy, batch, l.dx);
    return l;
  }

  @Test
  void passesAllocateNothingOnTwoThreads() {
    try (Workers w = Workers.create(2)) {
      Layer l = new Layer(8, 3);
      DenseOp op = l.op(w, Kernels.best(), true);
      Runnable step = () -> {
        op.forward(l.x, l.y, 8);
        op.backward(l.x, l.y, l.dy, 8, l.dx);
        op.forward(l.x, l.y, 1);
      };
      assertEquals(0, Allocations.leastBytes(step, 2000, 200), "bytes allocated by 200 forward/backward passes");
    }
  }

  @Test
  void withoutBiasTheSumStartsAtZero() {
    float[][] kernel = {{1f, 2f}, {3f, 4f}};
    DenseOp op = new DenseOp(Workers.create(1), Kernels.best(), 2, 2, kernel, null, null, null, false);
    float[][] y = new float[1][2];
    op.forward(new float[][] {{1f, -1f}}, y, 1);
    assertEquals(-2f, y[0][0]);
    assertEquals(-2f, y[0][1]);
  }

  @Test
  void shapesAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DenseOp(Workers.create(1), 3, 2, new float[2][2], null, null, null, false));
    assertEquals("kernel must be 3 rows of 2, got 2 rows of 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new DenseOp(Workers.create(1), 2, 2, new float[2][2], new float[3], null, null, false));
    assertTrue(e.getMessage().contains("bias must have 2 values, got 3"), e.getMessage());
  }
}
