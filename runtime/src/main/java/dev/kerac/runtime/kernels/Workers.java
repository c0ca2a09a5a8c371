package dev.kerac.runtime.kernels;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of threads a model splits its layers over: {@link #run} hands one preallocated
 * {@link Task} to every thread, runs part 0 itself and returns when all parts are done. Created
 * once with the model; a run allocates nothing and creates no thread. With one thread (the default)
 * there is no pool at all: {@code run} calls the task directly, with no lock and no atomic.
 *
 * <p>Workers spin for a short while after each part (the next layer usually follows within
 * microseconds), then park. A part no worker has started by the time the caller finishes its own
 * runs on the caller, so a busy machine costs speed, not stalls. Workers are daemon threads and stop
 * when the model becomes unreachable, on {@link #threads(int)} and on {@link #close()}.
 *
 * <p>Tasks split their work by thread count only, in fixed ranges, so a given thread count always
 * gives the same results; kerac's Dense kernels give the same results for any thread count.
 *
 * <pre>{@code
 * Workers workers = Workers.create(2);
 * workers.run(task);          // task.run(0, 2) here and task.run(1, 2) on the worker, then returns
 * }</pre>
 */
public final class Workers implements AutoCloseable {
  /** The most threads a model may use. */
  public static final int MAX_THREADS = 64;


  /** One part of a parallel operation. Implementations are preallocated and reused. */
  @FunctionalInterface
  public interface Task {
    /** Does part {@code part} of {@code parts} (0-based); part 0 runs on the calling thread. */
    void run(int part, int parts);
  }

  private final Holder holder;
  private Pool pool;
  private boolean cleaned;

  private Workers(int threads) {
    this.holder = new Holder();
    setPool(threads);
  }

  /** Created on first need: a Cleaner starts a thread, which single-threaded models never need. */
  private static final class Cleaning {
    static final Cleaner CLEANER = Cleaner.create();
  }

  /** A pool of {@code threads} threads (the caller counts as one), in [1, {@link #MAX_THREADS}]. */
  public static Workers create(int threads) {
    return new Workers(check(threads));
  }

  /**
   * The default thread count: the system property {@code kerac.threads} (e.g. {@code -Dkerac.threads=2}),
   * else 1. One thread is the default because it is the cheapest per sample and leaves the other
   * cores to the application (which may run several models at once); more threads cut latency.
   */
  public static int defaultThreads() {
    String p = System.getProperty("kerac.threads");
    if (p == null || p.isBlank()) {
      return 1;
    }
    try {
      return check(Integer.parseInt(p.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("system property kerac.threads must be an integer in [1, "
          + MAX_THREADS + "], got '" + p + "'");
    }
  }

  private static int check(int threads) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be in [1, " + MAX_THREADS + "], got " + threads);
    }
    return threads;
  }

  /** The number of threads, the caller's included. */
  public int threads() {
    return pool == null ? 1 : pool.parts;
  }

  /** Replaces the pool with one of {@code threads} threads (stops the old workers). Not for hot paths. */
  public void threads(int threads) {
    check(threads);
    if (threads != threads()) {
      setPool(threads);
    }
  }

  private void setPool(int threads) {
    if (pool != null) {
      pool.stop();
    }
    pool = threads == 1 ? null : new Pool(threads);
    holder.pool = pool;
    if (pool != null && !cleaned) {
      // Stops the threads once the owner is unreachable.
      Cleaning.CLEANER.register(this, holder);
      cleaned = true;
    }
  }

  /** Runs {@code task.run(p, threads())} for every part {@code p}, part 0 on this thread; waits for all. */
  public void run(Task task) {
    Pool p = pool;
    if (p == null) {
      task.run(0, 1);
    } else {
      p.run(task);
    }
  }

  /** Stops the workers; later runs use the calling thread only. */
  @Override
  public void close() {
    setPool(1);
  }

  /** What the cleaner stops when the owner is gone (it must not refer to the {@link Workers}). */
  private static final class Holder implements Runnable {
    volatile Pool pool;

    @Override
    public void run() {
      Pool p = pool;
      if (p != null) {
        p.stop();
      }
    }
  }

  /** The worker threads of one thread count. They refer to this object only, never to a model. */
  private static final class Pool {
    /** How long a worker spins for the next task before parking. */
    private static final long SPIN_NANOS = 200_000;

    final int parts;
    final Worker[] workers;
    final AtomicInteger pending = new AtomicInteger();
    /** Per part, the last generation it was claimed for: whoever claims a part runs it, once. */
    final AtomicLongArray claimed;
    volatile Task task;
    volatile long generation;
    volatile boolean stopped;
    volatile Throwable failure;

    Pool(int parts) {
      this.parts = parts;
      this.claimed = new AtomicLongArray(parts);
      this.workers = new Worker[parts - 1];
      for (int i = 0; i < workers.length; i++) {
        workers[i] = new Worker(this, i + 1);
        Thread t = new Thread(workers[i], "kerac-worker-" + (i + 1));
        t.setDaemon(true);
        workers[i].thread = t;
      }
      for (Worker w : workers) {
        w.thread.start();
      }
    }

    /** Claims part {@code part} of generation {@code g}; false if someone already has. */
    boolean claim(int part, long g) {
      long v = claimed.get(part);
      return v < g && claimed.compareAndSet(part, v, g);
    }

    void run(Task t) {
      if (stopped) {
        throw new IllegalStateException("the worker pool is stopped");
      }
      long g = generation + 1; // single writer: the model's calling thread
      task = t;
      pending.set(workers.length);
      generation = g;
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w.thread);
        }
      }
      Throwable mine = null;
      try {
        t.run(0, parts);
      } catch (Throwable e) {
        mine = e;
      }
      // Parts no worker has started yet (it was parked, or lost its core) run here: under load the
      // pass degrades to one thread's speed instead of waiting for a scheduler.
      for (int p = 1; p < parts; p++) {
        if (claim(p, g)) {
          try {
            t.run(p, parts);
          } catch (Throwable e) {
            mine = mine == null ? e : mine;
          }
          pending.decrementAndGet();
        }
      }
      int spins = 0;
      while (pending.get() != 0) {
        if (++spins < 2048) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // tens of microseconds late: a worker lost its core, give it ours
        }
      }
      task = null;
      Throwable theirs = failure;
      failure = null;
      rethrow(mine != null ? mine : theirs);
    }

    private static void rethrow(Throwable e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      if (e != null) {
        throw new IllegalStateException(e);
      }
    }

    void stop() {
      stopped = true;
      for (Worker w : workers) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  private static final class Worker implements Runnable {
    final Pool pool;
    final int part;
    Thread thread;
    volatile boolean parked;

    Worker(Pool pool, int part) {
      this.pool = pool;
      this.part = part;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long g = await(seen);
        if (pool.stopped) {
          return;
        }
        seen = g;
        if (pool.claim(part, g)) {
          try {
            pool.task.run(part, pool.parts);
          } catch (Throwable e) {
            pool.failure = e;
          }
          pool.pending.decrementAndGet();
        }
      }
    }

    /** Spins, then parks, until the generation moves past {@code seen} or the pool stops. */
    private long await(long seen) {
      long start = 0;
      for (int spins = 0; ; spins++) {
        long g = pool.generation;
        if (g != seen || pool.stopped) {
          return g;
        }
        if ((spins & 255) == 0) {
          long now = System.nanoTime();
          if (start == 0) {
            start = now;
          } else if (now - start > Pool.SPIN_NANOS) {
            parked = true;
            // Re-check after announcing: the caller reads 'parked' after bumping the generation.
            if (pool.generation == seen && !pool.stopped) {
              LockSupport.park(this);
            }
            parked = false;
            start = 0;
            continue;
          }
        }
        Thread.onSpinWait();
      }
    }
  }
}
