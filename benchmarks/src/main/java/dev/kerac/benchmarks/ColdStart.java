package dev.kerac.benchmarks;

import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.engines.InferenceEngine;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * One cold start, run in a fresh JVM per measurement: builds the engine's model (weights from the
 * class path, native libraries loaded on first use), predicts one sample, and prints the wall-clock
 * time of that first prediction, the time since {@code main} began and the process's CPU time so far
 * (all threads: JIT and GC included; unlike wall time, it hardly depends on other load on the machine).
 * Only then does it check the
 * engine against {@code ref_output} (exit status 1 on a mismatch).
 *
 * <pre>
 * java -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.ColdStart onnx seed
 * COLDSTART engine=onnx model=seed first_epoch_us=1764170000123456 main_to_first_us=281234 cpu_us=512000 max_diff=1.2e-07
 * </pre>
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) {
    long start = System.nanoTime();
    if (args.length != 2) {
      System.err.println("usage: ColdStart ENGINE MODEL (engines: " + Engines.ALL
          + "; models: tiny, seed, cnn, lstm)");
      System.exit(2);
    }
    PeerModel model = PeerModel.of(args[1]);
    InferenceEngine e = Engines.inference(args[0], model, 1);
    float[] x = Inputs.uniform(1, model.inputSize(), 3)[0];
    float[] out = new float[model.outputSize()];
    e.predict(x, out);
    long first = System.nanoTime();
    Instant now = Instant.now();
    // Read after the measurement: loading the management classes is not part of it.
    long cpuUs = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000;
    long epochUs = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    int status = 0;
    String diff;
    try {
      diff = String.format("%.2g", Reference.check(e, model.weights()));
    } catch (IllegalStateException mismatch) {
      System.err.println(mismatch.getMessage());
      diff = "MISMATCH";
      status = 1;
    }
    System.out.printf("COLDSTART engine=%s model=%s first_epoch_us=%d main_to_first_us=%d cpu_us=%d"
        + " max_diff=%s%n", args[0], model.id(), epochUs, (first - start) / 1_000, cpuUs, diff);
    System.out.flush();
    // Peers leave non-daemon native threads behind; the measurement is done.
    Runtime.getRuntime().halt(status);
  }
}
