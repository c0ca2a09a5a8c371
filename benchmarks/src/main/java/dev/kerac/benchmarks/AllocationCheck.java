package dev.kerac.benchmarks;

import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.engines.KeracEngine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact heap bytes kerac allocates per operation on the calling thread, after warm-up: JMH's
 * {@code -prof gc} on JDK 17 sums the allocation of every Java thread in the fork (JMH's own threads
 * included), which puts a few hundred bytes "per operation" on slow operations that allocate nothing.
 * This counts only the thread that makes the calls, with
 * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}.
 *
 * <pre>
 * java -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.AllocationCheck
 * kerac	seed	latency	0.0
 * </pre>
 */
public final class AllocationCheck {
  private AllocationCheck() {}

  public static void main(String[] args) {
    for (String line : run()) {
      System.out.println(line);
    }
  }

  /** TSV rows {@code engine model operation bytes_per_op} for every kerac model. */
  public static List<String> run() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long me = Thread.currentThread().getId();
    List<String> rows = new ArrayList<>();
    for (PeerModel m : PeerModel.values()) {
      if (!Engines.supports("kerac", m)) {
        continue;
      }
      KeracEngine e = new KeracEngine(m, 1);
      float[][] x = Inputs.uniform(KeracEngine.CAPACITY, m.inputSize(), 1);
      float[][] y = Inputs.oneHot(KeracEngine.CAPACITY, m.outputSize(), 2);
      float[] out = new float[m.outputSize()];
      float[][] rowsOut = new float[KeracEngine.CAPACITY][m.outputSize()];
      int steps = m == PeerModel.TINY ? 5000 : 300;
      for (int i = 0; i < steps; i++) { // warm-up: let C2 compile every path
        e.step(x, y);
        e.predictBatch(x, x.length, rowsOut);
        for (int j = 0; j < 10; j++) {
          e.predict(x[(i + j) & 63], out);
        }
      }
      int n = steps / 3;
      long a = mx.getThreadAllocatedBytes(me);
      for (int i = 0; i < 10 * n; i++) {
        e.predict(x[i & 63], out);
      }
      long b = mx.getThreadAllocatedBytes(me);
      for (int i = 0; i < n; i++) {
        e.predictBatch(x, x.length, rowsOut);
      }
      long c = mx.getThreadAllocatedBytes(me);
      for (int i = 0; i < n; i++) {
        e.step(x, y);
      }
      long d = mx.getThreadAllocatedBytes(me);
      rows.add(row(m, "latency", (b - a) / (10.0 * n)));
      rows.add(row(m, "batch64", (c - b) / (double) n));
      rows.add(row(m, "step", (d - c) / (double) n));
    }
    return rows;
  }

  private static String row(PeerModel m, String op, double bytes) {
    return String.format(Locale.ROOT, "kerac\t%s\t%s\t%.1f", m.id(), op, bytes);
  }
}
