package dev.kerac.processor.perf;

import dev.kerac.processor.testing.ModelCompiler;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Model;
import dev.kerac.runtime.optimizers.Adam;
import java.util.Arrays;

/**
 * A small timing harness for the generated Dense code (not a test, never run by the build): the tiny
 * MLP 16-32-32-4 and the seed MLP 784-512-512-10, single-sample predict, batch-64 inference and
 * batch-64/128 Adam training steps. JMH numbers side by side with the peers come from the benchmarks
 * module; this is for quick before/after comparisons while working on the kernels.
 *
 * <p>Run from the processor module after {@code mvn -o -pl processor -am test-compile}, with the test
 * class path: {@code java -cp <test class path> dev.kerac.processor.perf.DenseTiming [workload...]}
 * where a workload is {@code tiny}, {@code seed}, {@code batch}, {@code parts} (forward, backward and
 * Adam of a batch-64 step apart), {@code train64} or {@code train128} (default all but parts). Options:
 * {@code -Dkerac.threads=2} (two threads), {@code -Dzeros=0} (dense inputs, as the benchmarks module
 * uses; default 0.5, like images), {@code --add-modules jdk.incubator.vector} (the Vector API kernels).
 * Times are the best of 25 rounds, by wall clock and by this thread's CPU time: the machine is shared.
 */
public final class DenseTiming {
  static final String TINY = """
      package perf;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import static dev.kerac.annotations.Activations.*;
      @Sequential(input = @Input(shape = 16))
      abstract class TinyMlp {
        @Dense(units = 32, activation = RELU) Layer dense1;
        @Dense(units = 32, activation = RELU) Layer dense2;
        @Dense(units = 4, activation = SOFTMAX) Layer output;
      }
      """;

  static final String SEED = """
      package perf;
      import dev.kerac.annotations.*;
      import dev.kerac.annotations.layers.core.*;
      import dev.kerac.annotations.layers.regularization.*;
      import static dev.kerac.annotations.Activations.*;
      @Sequential(input = @Input(shape = 784))
      abstract class SeedMlp {
        @Dense(units = 512, activation = RELU) Layer hidden1;
        @Dropout(rate = 0.2) Layer drop1;
        @Dense(units = 512, activation = RELU) Layer hidden2;
        @Dropout(rate = 0.2) Layer drop2;
        @Dense(units = 10, activation = SOFTMAX) Layer output;
      }
      """;

  private DenseTiming() {}

  public static void main(String[] args) {
    java.util.List<String> which = Arrays.asList(args.length == 0
        ? new String[] {"tiny", "seed", "batch", "train64", "train128"} : args);
    System.out.printf("java %s, %.0f%% zero inputs, %s%n", System.getProperty("java.version"), ZEROS * 100,
        System.getProperty("kerac.threads") == null ? "default threads" : "kerac.threads=" + System.getProperty("kerac.threads"));
    if (which.contains("tiny")) {
      Model tiny = ModelCompiler.build("perf.TinyMlp", TINY, 64, 1);
      float[] in = data(1, 16, 3)[0];
      float[] out = new float[4];
      report("tiny MLP predict", time(() -> tiny.predict(in, out), 100_000), 1);
    }
    Model seed = null;
    if (which.contains("seed") || which.contains("batch") || which.contains("parts") || which.contains("train64") || which.contains("train128")) {
      seed = ModelCompiler.build("perf.SeedMlp", SEED, 128, 1);
    }
    float[][] x = data(128, 784, 5);
    float[][] y = new float[128][10];
    for (int b = 0; b < 128; b++) {
      y[b][b % 10] = 1f;
    }
    if (which.contains("seed")) {
      Model m = seed;
      float[] out = new float[10];
      report("seed MLP predict", time(() -> m.predict(x[7], out), 1_000), 1);
    }
    if (which.contains("batch")) {
      Model m = seed;
      report("seed MLP batch-64 inference", time(() -> m.forward(x, 64, false), 20), 64);
    }
    if (which.contains("parts")) {
      Model m = seed;
      float[][] g = new float[128][10];
      for (int b = 0; b < 128; b++) {
        g[b][b % 10] = -1f / 64;
      }
      report("  forward 64 training", time(() -> m.forward(x, 64, true), 20), 64);
      m.forward(x, 64, true);
      report("  backward 64 (training)", time(() -> m.backwardForTraining(g, 64, true), 20), 64);
      dev.kerac.runtime.optimizers.Optimizer adam = new Adam(1e-3);
      report("  Adam step", time(() -> adam.apply(m.parameters()), 20), 64);
    }
    if (which.contains("train64") || which.contains("train128")) {
      seed.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY);
    }
    if (which.contains("train64")) {
      Model m = seed;
      report("seed MLP train batch 64 Adam", time(() -> m.trainer().trainOnBatch(x, y, null, 64), 5), 64);
    }
    if (which.contains("train128")) {
      Model m = seed;
      report("seed MLP train batch 128 Adam", time(() -> m.trainer().trainOnBatch(x, y, null, 128), 3), 128);
    }
  }

  /** The fraction of zero inputs (system property {@code zeros}, default 0.5: like images). */
  static final float ZEROS = Float.parseFloat(System.getProperty("zeros", "0.5"));

  /** Pseudo-random inputs in [0, 1), a fraction {@link #ZEROS} of them zero. */
  static float[][] data(int rows, int cols, int seed) {
    float[][] x = new float[rows][cols];
    long s = seed;
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < cols; i++) {
        s = s * 6364136223846793005L + 1442695040888963407L;
        float v = ((s >>> 40) & 0xFFFF) / 65536f;
        x[b][i] = v < ZEROS ? 0f : v;
      }
    }
    return x;
  }

  /**
   * Nanoseconds per call: warm-up, then 25 short rounds of {@code calls} calls; the best round by wall
   * clock and the best by this thread's CPU time. The machine is shared, so the best round is the
   * estimate of an uncontended run (CPU time ignores time spent descheduled).
   */
  static double[] time(Runnable r, int calls) {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int k = 0; k < 20; k++) {
      for (int i = 0; i < calls; i++) {
        r.run();
      }
    }
    double wall = Double.MAX_VALUE;
    double cpu = Double.MAX_VALUE;
    for (int k = 0; k < 25; k++) {
      long c0 = bean.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        r.run();
      }
      long t1 = System.nanoTime();
      long c1 = bean.getCurrentThreadCpuTime();
      wall = Math.min(wall, (t1 - t0) / (double) calls);
      cpu = Math.min(cpu, (c1 - c0) / (double) calls);
    }
    return new double[] {wall, cpu};
  }

  static void report(String what, double[] ns, int samples) {
    if (samples == 1) {
      System.out.printf("%-32s wall %10.3f us   cpu %10.3f us%n", what, ns[0] / 1e3, ns[1] / 1e3);
    } else {
      System.out.printf("%-32s wall %8.3f ms/step %9.0f samples/s   cpu %8.3f ms/step %9.0f samples/s%n",
          what, ns[0] / 1e6, samples * 1e9 / ns[0], ns[1] / 1e6, samples * 1e9 / ns[1]);
    }
  }
}
