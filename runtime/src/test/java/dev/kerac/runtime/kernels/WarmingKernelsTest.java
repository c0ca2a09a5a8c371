package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The start-up switch from the scalar to the Vector API kernels: it happens, and changes no result. */
class WarmingKernelsTest {

  @Test
  void switchesToTheVectorKernelsWithTheSameResults() throws InterruptedException {
    Assumptions.assumeTrue(Kernels.vector().isPresent(), "needs --add-modules jdk.incubator.vector");
    WarmingKernels k = new WarmingKernels(Kernels.scalar(), Kernels.vector().get());
    Random r = new Random(3);
    float[][] x = MatrixKernelsTest.rows(r, 5, 40);
    float[][] w = MatrixKernelsTest.rows(r, 40, 70);
    float[] bias = MatrixKernelsTest.rows(r, 1, 70)[0];
    Scratch s = new Scratch().ensure(70, 70);
    float[][] before = new float[5][70];
    k.linear(x, 0, 5, w, bias, before, 40, 0, 70, true, s);
    for (int i = 0; i < 600 && !k.warm(); i++) {
      Thread.sleep(100);
    }
    assertTrue(k.warm(), "the vector kernels were not warm after a minute");
    float[][] after = new float[5][70];
    k.linear(x, 0, 5, w, bias, after, 40, 0, 70, true, s);
    MatrixKernelsTest.assertBitsEqual(before, after, "before and after the switch");
  }
}
