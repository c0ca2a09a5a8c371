package dev.kerac.runtime.testing;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures what "allocation-free" means in kerac's tests: the heap bytes the calling thread
 * allocates in warmed-up calls.
 *
 * <pre>{@code
 * assertEquals(0, Allocations.leastBytes(() -> model.predict(in, out), 100), "predict");
 * }</pre>
 */
public final class Allocations {
  private static final ThreadMXBean THREAD = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The most measurement rounds. */
  public static final int ROUNDS = 20;

  private Allocations() {}

  /** {@link #leastBytes(Runnable, int, int)} after 300 warm-up calls. */
  public static long leastBytes(Runnable calls, int times) {
    return leastBytes(calls, 300, times);
  }

  /**
   * The bytes allocated by {@code times} calls of {@code calls} after {@code warmUp} calls (class
   * loading, JIT), the least of up to {@link #ROUNDS} rounds (stopping at the first that allocates
   * nothing). An allocation per call shows in every round; what shows only in some is the JVM's: it
   * now and then charges a one-off few hundred bytes (JIT or OSR bookkeeping) to the running thread,
   * and until C2 has compiled them, Vector API operations allocate their vectors, which takes a
   * while on a loaded machine.
   */
  public static long leastBytes(Runnable calls, int warmUp, int times) {
    for (int i = 0; i < warmUp; i++) {
      calls.run();
    }
    long least = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS && least > 0; round++) {
      long before = THREAD.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < times; i++) {
        calls.run();
      }
      least = Math.min(least, THREAD.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
