package dev.kerac.benchmarks.jmh;

import dev.kerac.benchmarks.Inputs;
import dev.kerac.benchmarks.PeerModel;
import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.engines.TrainingEngine;
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
 * Training throughput: one operation is one Adam step on a batch of 64 (forward with Dropout active,
 * categorical crossentropy, backward, update), cycling over 8 fixed batches of uniform inputs with
 * random one-hot labels.
 *
 * <pre>
 * java -jar target/kerac-benchmarks.jar TrainingBench -p engine=dl4j -p model=seed -p threads=1,2
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TrainingBench {
  /** Samples per step. */
  public static final int BATCH = 64;

  private static final int BATCHES = 8;

  @Param({"kerac"})
  public String engine;

  @Param({"seed"})
  public String model;

  @Param({"1"})
  public int threads;

  private TrainingEngine t;
  private float[][][] x;
  private float[][][] y;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    PeerModel m = PeerModel.of(model);
    t = Engines.training(engine, m, threads);
    x = new float[BATCHES][][];
    y = new float[BATCHES][][];
    for (int i = 0; i < BATCHES; i++) {
      x[i] = Inputs.uniform(BATCH, m.inputSize(), 100 + i);
      y[i] = Inputs.oneHot(BATCH, m.outputSize(), 200 + i);
    }
    double loss = t.step(x[0], y[0]);
    if (!(loss >= 0 && loss < 100) && !Double.isNaN(loss)) {
      throw new IllegalStateException(t.name() + ": first training loss " + loss + " is not plausible");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    t.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public double step() {
    int i = next;
    next = (next + 1) & (BATCHES - 1);
    return t.step(x[i], y[i]);
  }
}
