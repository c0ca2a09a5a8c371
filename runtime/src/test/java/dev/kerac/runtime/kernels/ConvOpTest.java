package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerac.runtime.testing.Allocations;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A convolution's passes through {@link ConvOp}: against a direct convolution summed in double
 * precision (padding, strides, dilation, 1-D), the same bits on 1, 2 and 3 threads and with the
 * scalar and Vector API kernels, and no allocation.
 */
class ConvOpTest {

  /** A layer's geometry: input rows/cols/channels, kernel, stride, dilation, padding before, filters. */
  record Geometry(int inH, int inW, int channels, int kh, int kw, int stride, int dilation, int padH, int padW,
      int padTotalH, int padTotalW, int filters) {
    int outH() {
      return (inH + padTotalH - dilation * (kh - 1) - 1) / stride + 1;
    }

    int outW() {
      return (inW + padTotalW - dilation * (kw - 1) - 1) / stride + 1;
    }

    ConvOp.Axis rows() {
      return new ConvOp.Axis(inH, outH(), kh, inH == 1 && kh == 1 ? 1 : stride, inH == 1 && kh == 1 ? 1 : dilation,
          padH);
    }

    ConvOp.Axis cols() {
      return new ConvOp.Axis(inW, outW(), kw, stride, dilation, padW);
    }
  }

  static final Geometry[] GEOMETRIES = {
    // 'valid' 3x3, several channels (the CNN's second layer, smaller)
    new Geometry(7, 6, 5, 3, 3, 1, 1, 0, 0, 0, 0, 20),
    // 'same' 3x3, one channel (a first layer on pixels)
    new Geometry(8, 8, 1, 3, 3, 1, 1, 1, 1, 2, 2, 32),
    // stride 2, 'same' with uneven padding (Keras pads the end more)
    new Geometry(9, 8, 3, 3, 2, 2, 1, 1, 0, 2, 1, 17),
    // dilation 2, 'same'
    new Geometry(8, 7, 4, 3, 3, 1, 2, 2, 2, 4, 4, 6),
    // 1-D causal: height 1, kernel 3 dilation 2, all padding before
    new Geometry(1, 12, 3, 1, 3, 1, 2, 0, 4, 0, 4, 70),
  };

  /** One layer's arrays, filled from a seed. */
  static final class Layer {
    final Geometry g;
    final float[][] kernel;
    final float[] bias;
    final float[][] kernelGrad;
    final float[] biasGrad;
    final float[][] x;
    final float[][] y;
    final float[][] dy;
    final float[][] dx;

    Layer(Geometry g, int batch, long seed) {
      this.g = g;
      Random r = new Random(seed);
      int rowsK = g.kh() * g.kw() * g.channels();
      kernel = MatrixKernelsTest.rows(r, rowsK, g.filters());
      bias = MatrixKernelsTest.rows(r, 1, g.filters())[0];
      kernelGrad = new float[rowsK][g.filters()];
      biasGrad = new float[g.filters()];
      x = MatrixKernelsTest.rows(r, batch, g.inH() * g.inW() * g.channels());
      int out = g.outH() * g.outW() * g.filters();
      y = new float[batch][out];
      dy = MatrixKernelsTest.rows(r, batch, out);
      dx = new float[batch][g.inH() * g.inW() * g.channels()];
    }

    ConvOp op(Workers w, MatrixKernels k, boolean relu) {
      return new ConvOp(w, k, g.rows(), g.cols(), g.channels(), g.filters(), kernel, bias, kernelGrad, biasGrad,
          relu);
    }
  }

  @Test
  void forwardAndBackwardMatchADirectConvolution() {
    for (MatrixKernels k : MatrixKernelsTest.implementations()) {
      for (Geometry g : GEOMETRIES) {
        for (int batch : new int[] {1, 3}) {
          checkAgainstDirect(k, g, batch);
        }
      }
    }
  }

  private static void checkAgainstDirect(MatrixKernels k, Geometry g, int batch) {
    Layer l = new Layer(g, batch, 5);
    float[][] dy0 = MatrixKernelsTest.copy(l.dy);
    ConvOp op = l.op(Workers.create(1), k, true);
    op.forward(l.x, l.y, batch);
    op.backward(l.x, l.y, l.dy, batch, l.dx);
    String name = k.name() + " " + g + " batch " + batch;
    int c = g.channels();
    int f = g.filters();
    int oh = g.outH();
    int ow = g.outW();
    int terms = g.kh() * g.kw() * c + 1;
    double[][] dz = new double[batch][oh * ow * f];
    double[][] kg = new double[g.kh() * g.kw() * c][f];
    double[][] kgScale = new double[g.kh() * g.kw() * c][f];
    double[][] dxs = new double[batch][g.inH() * g.inW() * c];
    double[][] dxScale = new double[batch][g.inH() * g.inW() * c];
    double[] bg = new double[f];
    double[] bgScale = new double[f];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int o = 0; o < f; o++) {
            double s = l.bias[o];
            double scale = Math.abs(s);
            for (int a = 0; a < g.kh(); a++) {
              for (int e = 0; e < g.kw(); e++) {
                int ii = i * g.rows().stride() + a * g.rows().dilation() - g.padH();
                int jj = j * g.stride() + e * g.dilation() - g.padW();
                if (ii < 0 || ii >= g.inH() || jj < 0 || jj >= g.inW()) {
                  continue;
                }
                for (int q = 0; q < c; q++) {
                  double p = (double) l.x[b][(ii * g.inW() + jj) * c + q] * l.kernel[(a * g.kw() + e) * c + q][o];
                  s += p;
                  scale += Math.abs(p);
                }
              }
            }
            int at = (i * ow + j) * f + o;
            MatrixKernelsTest.assertSum(Math.max(s, 0), scale, terms, l.y[b][at], name + " y");
            dz[b][at] = l.y[b][at] > 0 ? dy0[b][at] : 0;
            assertEquals((float) dz[b][at], l.dy[b][at], name + " dz");
            bg[o] += dz[b][at];
            bgScale[o] += Math.abs(dz[b][at]);
            for (int a = 0; a < g.kh(); a++) {
              for (int e = 0; e < g.kw(); e++) {
                int ii = i * g.rows().stride() + a * g.rows().dilation() - g.padH();
                int jj = j * g.stride() + e * g.dilation() - g.padW();
                if (ii < 0 || ii >= g.inH() || jj < 0 || jj >= g.inW()) {
                  continue;
                }
                for (int q = 0; q < c; q++) {
                  int xi = (ii * g.inW() + jj) * c + q;
                  int r = (a * g.kw() + e) * c + q;
                  kg[r][o] += l.x[b][xi] * dz[b][at];
                  kgScale[r][o] += Math.abs(l.x[b][xi] * dz[b][at]);
                  dxs[b][xi] += dz[b][at] * l.kernel[r][o];
                  dxScale[b][xi] += Math.abs(dz[b][at] * l.kernel[r][o]);
                }
              }
            }
          }
        }
      }
    }
    int positions = batch * oh * ow;
    for (int r = 0; r < kg.length; r++) {
      for (int o = 0; o < f; o++) {
        MatrixKernelsTest.assertSum(kg[r][o], kgScale[r][o], positions + 1, l.kernelGrad[r][o],
            name + " kernel gradient");
      }
    }
    for (int o = 0; o < f; o++) {
      MatrixKernelsTest.assertSum(bg[o], bgScale[o], positions + 1, l.biasGrad[o], name + " bias gradient");
    }
    for (int b = 0; b < batch; b++) {
      for (int xi = 0; xi < dxs[b].length; xi++) {
        MatrixKernelsTest.assertSum(dxs[b][xi], dxScale[b][xi], f * g.kh() * g.kw() + 1, l.dx[b][xi],
            name + " dx");
      }
    }
  }

  @Test
  void everyThreadCountGivesTheSameBits() {
    for (MatrixKernels k : MatrixKernelsTest.implementations()) {
      for (Geometry g : GEOMETRIES) {
        for (int batch : new int[] {1, 2, 5}) {
          for (boolean relu : new boolean[] {false, true}) {
            Layer one = run(Workers.create(1), k, g, batch, relu);
            for (int threads = 2; threads <= 3; threads++) {
              try (Workers w = Workers.create(threads)) {
                Layer many = run(w, k, g, batch, relu);
                String name = k.name() + " " + g + " batch " + batch + (relu ? " relu" : "") + " threads " + threads;
                assertSame(one, many, name);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void scalarAndVectorKernelsGiveTheSameBits() {
    if (Kernels.vector().isEmpty()) {
      return; // run by the second surefire execution, with the Vector API
    }
    for (Geometry g : GEOMETRIES) {
      for (int batch : new int[] {1, 4}) {
        for (boolean relu : new boolean[] {false, true}) {
          Layer a = run(Workers.create(1), Kernels.scalar(), g, batch, relu);
          Layer v = run(Workers.create(1), Kernels.vector().get(), g, batch, relu);
          assertSame(a, v, g + " batch " + batch + (relu ? " relu" : ""));
        }
      }
    }
  }

  private static void assertSame(Layer a, Layer b, String name) {
    MatrixKernelsTest.assertBitsEqual(a.y, b.y, name + " y");
    MatrixKernelsTest.assertBitsEqual(a.dy, b.dy, name + " dz");
    MatrixKernelsTest.assertBitsEqual(a.kernelGrad, b.kernelGrad, name + " kernel gradient");
    MatrixKernelsTest.assertBitsEqual(new float[][] {a.biasGrad}, new float[][] {b.biasGrad}, name + " bias gradient");
    MatrixKernelsTest.assertBitsEqual(a.dx, b.dx, name + " dx");
  }

  /** Large enough that two threads really split (above the hand-off threshold). */
  private static Layer run(Workers w, MatrixKernels k, Geometry g, int batch, boolean relu) {
    Layer l = new Layer(g, batch, 11);
    ConvOp op = l.op(w, k, relu);
    op.parallelWork = 0; // split even these small layers
    op.forward(l.x, l.y, batch);
    op.backward(l.x, l.y, l.dy, batch, l.dx);
    op.backward(l.x, l.y, l.dy, batch, l.dx); // twice: gradients accumulate, dx is overwritten
    return l;
  }

  @Test
  void withoutInputGradientOnlyTheWeightsGetOne() {
    Geometry g = GEOMETRIES[0];
    Layer a = run(Workers.create(1), Kernels.scalar(), g, 2, true);
    Layer b = new Layer(g, 2, 11);
    ConvOp op = b.op(Workers.create(1), Kernels.scalar(), true);
    op.forward(b.x, b.y, 2);
    op.backward(b.x, b.y, b.dy, 2, null);
    op.backward(b.x, b.y, b.dy, 2, null);
    MatrixKernelsTest.assertBitsEqual(a.kernelGrad, b.kernelGrad, "kernel gradient");
    MatrixKernelsTest.assertBitsEqual(new float[][] {a.biasGrad}, new float[][] {b.biasGrad}, "bias gradient");
  }

  @Test
  void passesAllocateNothingOnTwoThreads() {
    try (Workers w = Workers.create(2)) {
      Layer l = new Layer(new Geometry(12, 12, 8, 3, 3, 1, 1, 0, 0, 0, 0, 16), 8, 3);
      ConvOp op = l.op(w, Kernels.best(), true);
      op.parallelWork = 0;
      Runnable step = () -> {
        op.forward(l.x, l.y, 8);
        op.backward(l.x, l.y, l.dy, 8, l.dx);
        op.forward(l.x, l.y, 1);
      };
      assertEquals(0, Allocations.leastBytes(step, 500, 50), "bytes allocated by 50 forward/backward passes");
    }
  }

  @Test
  void shapesAreChecked() {
    ConvOp.Axis ax = new ConvOp.Axis(5, 3, 3, 1, 1, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ConvOp(Workers.create(1), ax, ax, 2, 4, new float[9][4], null, null, null, false));
    assertEquals("kernel must be 18 rows of 4, got 9 rows of 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ConvOp.Axis(5, 3, 3, 0, 1, 0));
    assertEquals("a convolution axis needs in, out, kernel, stride, dilation >= 1 and pad >= 0, got in=5,"
        + " out=3, kernel=3, stride=0, dilation=1, pad=0", e.getMessage());
  }
}
