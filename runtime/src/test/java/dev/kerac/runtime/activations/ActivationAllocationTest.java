package dev.kerac.runtime.activations;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** After warm-up, forward + backward of every function allocate nothing. */
class ActivationAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @TestFactory
  List<DynamicTest> zeroAllocation() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Catalog.Spec s : Catalog.ALL) {
      tests.add(DynamicTest.dynamicTest(s.label(), () -> {
        ActivationFunction f = s.make().get();
        int n = s.axisSize() * 2;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
          z[i] = (float) (s.lo() + (s.hi() - s.lo()) * ((i * 37) % n) / n);
        }
        float[] y = new float[f.outputCount(n)];
        float[] dy = new float[y.length];
        java.util.Arrays.fill(dy, 0.5f);
        float[] dz = new float[n];
        run(f, z, y, dy, dz, 5_000);
        THREADS.getCurrentThreadAllocatedBytes();
        // The JVM itself occasionally charges a few hundred bytes to the thread while the JIT swaps in
        // compiled code (seen once per several runs, on random functions). One allocation per call would
        // cost >= 16 bytes x 1000 on every attempt, so a single clean attempt out of five proves the point.
        StringBuilder readings = new StringBuilder();
        for (int attempt = 0; attempt < 5; attempt++) {
          long before = THREADS.getCurrentThreadAllocatedBytes();
          run(f, z, y, dy, dz, 1_000);
          long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
          if (allocated == 0) {
            return;
          }
          readings.append(allocated).append(' ');
        }
        fail(s + ": bytes allocated by 1000 forward+backward calls, five attempts: " + readings);
      }));
    }
    return tests;
  }

  private static void run(ActivationFunction f, float[] z, float[] y, float[] dy, float[] dz, int times) {
    for (int t = 0; t < times; t++) {
      f.forward(z, y, z.length);
      f.backward(z, y, dy, dz, z.length);
    }
  }
}
