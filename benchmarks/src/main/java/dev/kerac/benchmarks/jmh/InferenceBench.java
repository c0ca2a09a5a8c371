package dev.kerac.benchmarks.jmh;

import dev.kerac.benchmarks.Inputs;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.benchmarks.Reference;
import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.engines.InferenceEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Inference, per engine, model and thread count: {@link #latency} (one sample, Java array in and out)
 * and {@link #batch64} (64 rows in, 64 rows out; one operation is one batch). Every fork first checks
 * the engine against {@code ref_output} and fails if it differs.
 *
 * <pre>
 * java -jar target/kerac-benchmarks.jar InferenceBench -p engine=onnx -p model=seed -p threads=1,2 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class InferenceBench {
  /** Batch size of {@link #batch64}. */
  public static final int BATCH = 64;

  @Param({"kerac"})
  public String engine;

  @Param({"tiny"})
  public String model;

  @Param({"1"})
  public int threads;

  private InferenceEngine e;
  private float[][] samples;
  private float[] out;
  private float[][] batchOut;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    PeerModel m = PeerModel.of(model);
    e = Engines.inference(engine, m, threads);
    float worst = Reference.check(e, m.weights());
    System.out.printf("%n%s on %s matches ref_output (largest difference %.2g)%n", e.name(), model, worst);
    samples = Inputs.uniform(BATCH, m.inputSize(), 1);
    out = new float[m.outputSize()];
    batchOut = new float[BATCH][m.outputSize()];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    e.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float[] latency() {
    float[] x = samples[next];
    next = (next + 1) & (BATCH - 1);
    e.predict(x, out);
    return out;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public float[][] batch64() {
    e.predictBatch(samples, BATCH, batchOut);
    return batchOut;
  }
}
