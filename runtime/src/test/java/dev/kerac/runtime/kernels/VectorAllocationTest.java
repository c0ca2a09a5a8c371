package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.testing.Allocations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Vector API kernels allocate nothing once compiled, for every shape class: narrow and wide
 * layers, units that are and are not multiples of the vector length, single samples and batches.
 * (Vectors that cross a call the JIT does not inline are real objects, so this is a property of how
 * the kernels are written, not only of the JIT.) Runs where the module is present.
 */
class VectorAllocationTest {

  @TestFactory
  List<DynamicTest> denseLayersOfEveryShapeAllocateNothing() throws InterruptedException {
    Assumptions.assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
    MatrixKernels k = Kernels.vector().get();
    WarmingKernels warming = Kernels.best() instanceof WarmingKernels w ? w
        : new WarmingKernels(Kernels.scalar(), k);
    assertTrue(warming.awaitWarm(120_000), "the vector kernels were not warm (allocation-free) after two minutes");
    List<DynamicTest> tests = new ArrayList<>();
    int[][] shapes = {{3, 4}, {5, 1}, {16, 3}, {37, 10}, {64, 16}, {40, 70}, {128, 130}, {100, 8}};
    for (int[] s : shapes) {
      for (int batch : new int[] {1, 3, 8}) {
        int in = s[0];
        int units = s[1];
        tests.add(DynamicTest.dynamicTest(in + "x" + units + " batch " + batch, () -> {
          Random r = new Random(in * 31 + units);
          float[][] kernel = MatrixKernelsTest.rows(r, in, units);
          float[] bias = MatrixKernelsTest.rows(r, 1, units)[0];
          float[][] x = MatrixKernelsTest.rows(r, batch, in);
          float[][] y = new float[batch][units];
          float[][] dy = MatrixKernelsTest.rows(r, batch, units);
          float[][] dx = new float[batch][in];
          DenseOp op = new DenseOp(Workers.create(1), k, in, units, kernel, bias, new float[in][units],
              new float[units], true);
          Runnable pass = () -> {
            op.forward(x, y, batch);
            op.backward(x, y, dy, batch, dx);
          };
          assertEquals(0, Allocations.leastBytes(pass, 3000, 100), "bytes allocated by 100 passes");
        }));
      }
    }
    return tests;
  }

  /** Convolutions call the same kernels with other shapes (positions as samples, patches as inputs). */
  @TestFactory
  List<DynamicTest> convolutionsAllocateNothing() throws InterruptedException {
    Assumptions.assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
    MatrixKernels k = Kernels.vector().get();
    WarmingKernels warming = Kernels.best() instanceof WarmingKernels w ? w
        : new WarmingKernels(Kernels.scalar(), k);
    assertTrue(warming.awaitWarm(120_000), "the vector kernels were not warm (allocation-free) after two minutes");
    List<DynamicTest> tests = new ArrayList<>();
    for (ConvOpTest.Geometry g : ConvOpTest.GEOMETRIES) {
      for (int batch : new int[] {1, 3}) {
        tests.add(DynamicTest.dynamicTest(g + " batch " + batch, () -> {
          ConvOpTest.Layer l = new ConvOpTest.Layer(g, batch, 7);
          ConvOp op = l.op(Workers.create(1), k, true);
          Runnable pass = () -> {
            op.forward(l.x, l.y, batch);
            op.backward(l.x, l.y, l.dy, batch, l.dx);
          };
          assertEquals(0, Allocations.leastBytes(pass, 3000, 100), "bytes allocated by 100 passes");
        }));
      }
    }
    return tests;
  }
}
