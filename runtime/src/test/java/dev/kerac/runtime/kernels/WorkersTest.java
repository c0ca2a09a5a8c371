package dev.kerac.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The worker pool: every part runs once per call, errors surface, no allocation, threads stop. */
class WorkersTest {

  /** Counts the parts it ran and remembers their threads. */
  static final class Recorder implements Workers.Task {
    final int[] runs = new int[8];
    final Thread[] threads = new Thread[8];
    int parts;

    @Override
    public void run(int part, int parts) {
      runs[part]++;
      threads[part] = Thread.currentThread();
      this.parts = parts;
    }
  }

  /** Runs tasks until part {@code part} runs on a worker (the caller takes parts no worker has started). */
  static Thread workerOf(Workers w, int part) {
    Recorder r = new Recorder();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      w.run(r);
      if (r.threads[part] != Thread.currentThread()) {
        return r.threads[part];
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("part " + part + " never ran on a worker in 10 s");
  }

  @Test
  void oneThreadRunsTheTaskOnTheCaller() {
    Workers w = Workers.create(1);
    Recorder r = new Recorder();
    w.run(r);
    assertEquals(1, w.threads());
    assertEquals(1, r.parts);
    assertEquals(1, r.runs[0]);
    assertSame(Thread.currentThread(), r.threads[0]);
  }

  @Test
  void everyPartRunsOncePerCall() {
    try (Workers w = Workers.create(3)) {
      Recorder r = new Recorder();
      for (int i = 0; i < 2000; i++) {
        w.run(r);
        assertSame(Thread.currentThread(), r.threads[0]);
      }
      assertEquals(3, r.parts);
      assertArrayEquals(new int[] {2000, 2000, 2000, 0, 0, 0, 0, 0}, r.runs);
      Thread one = workerOf(w, 1);
      Thread two = workerOf(w, 2);
      assertNotSame(one, two);
      assertTrue(one.isDaemon() && one.getName().startsWith("kerac-worker-"), one.getName());
    }
  }

  @Test
  void aParkedWorkerStillGetsEveryPartRunOnce() throws InterruptedException {
    try (Workers w = Workers.create(2)) {
      Thread worker = workerOf(w, 1);
      // Let the worker park, then call: its part runs once, here or there (whoever claims it first).
      Thread.sleep(50);
      assertEquals(Thread.State.WAITING, worker.getState());
      Recorder r = new Recorder();
      w.run(r);
      assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 0}, r.runs);
    }
  }

  @Test
  void aFailingPartIsRethrownAndThePoolStaysUsable() {
    try (Workers w = Workers.create(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.run((part, parts) -> {
        if (part == 1) {
          throw new IllegalStateException("part 1 failed");
        }
      }));
      assertEquals("part 1 failed", e.getMessage());
      Recorder r = new Recorder();
      w.run(r);
      assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 0}, r.runs);
    }
  }

  @Test
  void changingTheThreadCountStopsTheOldWorkers() throws InterruptedException {
    Workers w = Workers.create(2);
    Recorder r = new Recorder();
    Thread old = workerOf(w, 1);
    w.threads(3);
    assertEquals(3, w.threads());
    old.join(5000);
    assertTrue(!old.isAlive(), "the old worker still runs");
    w.run(r);
    assertEquals(3, r.parts);
    w.close();
    assertEquals(1, w.threads());
    w.run(r);
    assertEquals(1, r.parts);
  }

  @Test
  void runningAllocatesNothing() {
    try (Workers w = Workers.create(2)) {
      Recorder r = new Recorder();
      ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      for (int i = 0; i < 20_000; i++) {
        w.run(r);
      }
      long workerId = workerOf(w, 1).getId();
      long least = Long.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long before = bean.getCurrentThreadAllocatedBytes() + bean.getThreadAllocatedBytes(workerId);
        for (int i = 0; i < 10_000; i++) {
          w.run(r);
        }
        least = Math.min(least, bean.getCurrentThreadAllocatedBytes() + bean.getThreadAllocatedBytes(workerId) - before);
      }
      assertEquals(0, least, "bytes allocated by 10,000 runs (caller and worker)");
    }
  }

  @Test
  void workersStopWhenThePoolIsUnreachable() throws InterruptedException {
    AtomicReference<Thread> worker = new AtomicReference<>();
    startAndForget(worker);
    Thread t = worker.get();
    for (int i = 0; i < 100 && t.isAlive(); i++) {
      System.gc();
      t.join(100);
    }
    assertTrue(!t.isAlive(), "the worker of an unreachable pool still runs");
  }

  private static void startAndForget(AtomicReference<Thread> worker) {
    Workers w = Workers.create(2);
    worker.set(workerOf(w, 1));
  }

  @Test
  void threadCountsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workers.create(0));
    assertEquals("threads must be in [1, 64], got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Workers.create(65));
    String saved = System.getProperty("kerac.threads");
    try {
      System.clearProperty("kerac.threads");
      assertEquals(1, Workers.defaultThreads());
      System.setProperty("kerac.threads", "3");
      assertEquals(3, Workers.defaultThreads());
      System.setProperty("kerac.threads", "two");
      e = assertThrows(IllegalArgumentException.class, Workers::defaultThreads);
      assertEquals("system property kerac.threads must be an integer in [1, 64], got 'two'", e.getMessage());
      System.setProperty("kerac.threads", "0");
      assertThrows(IllegalArgumentException.class, Workers::defaultThreads);
    } finally {
      if (saved == null) {
        System.clearProperty("kerac.threads");
      } else {
        System.setProperty("kerac.threads", saved);
      }
    }
  }
}
