package dev.kerac.benchmarks;

import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.jmh.InferenceBench;
import dev.kerac.benchmarks.jmh.TrainingBench;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole comparison in one command (what {@code benchmarks/run.sh} runs): {@link TrainingCheck}
 * (every trainer's loss falls on a fixed batch, the same for every engine without Dropout), cold
 * starts in fresh JVMs (which also check every engine against {@code ref_output} before anything is
 * timed), then the JMH inference and training benchmarks for every engine, model and thread count the engines
 * support, with the GC profiler, then {@link Report} writes {@code RESULTS.md}.
 *
 * <pre>
 * java -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.RunAll [--quick] [--out DIR] [--report FILE]
 * </pre>
 *
 * Run from {@code benchmarks/}: the defaults are {@code target/results} and {@code RESULTS.md}.
 * {@code --quick} shortens every measurement (a smoke test whose numbers are not results) and
 * defaults to {@code target/results-quick} and {@code target/RESULTS-quick.md}.
 */
public final class RunAll {
  /** Peers' SLF4J logging: errors only (DJL warns that it finds no CUDA on every start). */
  static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel=error";

  private RunAll() {}

  /** JMH and cold-start settings. */
  record Settings(int warmups, double warmupSeconds, int iterations, double iterationSeconds,
      int coldRuns) {
    static final Settings FULL = new Settings(3, 2, 5, 2, 7);
    static final Settings QUICK = new Settings(1, 0.3, 2, 0.3, 2);
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.FULL;
    Path out = null;
    Path report = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> s = Settings.QUICK;
        case "--out" -> out = Path.of(args[++i]);
        case "--report" -> report = Path.of(args[++i]);
        default -> {
          System.err.println("unknown argument '" + args[i] + "'; expected --quick, --out DIR, --report FILE");
          System.exit(2);
        }
      }
    }
    boolean quick = s == Settings.QUICK;
    if (out == null) {
      out = Path.of(quick ? "target/results-quick" : "target/results");
    }
    if (report == null) {
      report = Path.of(quick ? "target/RESULTS-quick.md" : "RESULTS.md");
    }
    Files.createDirectories(out);
    long start = System.nanoTime();
    List<String> log = new ArrayList<>();
    log.add("settings " + s);
    log.add("start " + Instant.now() + " loadavg " + loadavg());

    List<String> alloc = new ArrayList<>(List.of("engine\tmodel\top\tbytes_per_op"));
    alloc.addAll(AllocationCheck.run());
    Files.write(out.resolve("allocation.tsv"), alloc, StandardCharsets.UTF_8);
    log.add("allocation check done " + Instant.now() + " loadavg " + loadavg());

    // Every trainer must learn, and agree with the others, before any throughput counts: first, so a
    // failure costs seconds, not the whole run.
    log.addAll(trainingCheck());
    log.add("training check done " + Instant.now() + " loadavg " + loadavg());

    coldStarts(s, out.resolve("coldstart.tsv"));
    log.add("cold starts done " + Instant.now() + " loadavg " + loadavg());

    for (String engine : Engines.ALL) {
      List<String> models = new ArrayList<>();
      for (PeerModel m : PeerModel.values()) {
        if (Engines.supports(engine, m)) {
          models.add(m.id());
        }
      }
      jmh(s, InferenceBench.class, engine, models, out.resolve("inference-" + engine + ".json"));
      log.add("inference " + engine + " done " + Instant.now() + " loadavg " + loadavg());
    }
    for (String engine : TRAINING_ENGINES) {
      List<String> models = new ArrayList<>();
      for (String[] p : trainingPairs()) {
        if (p[0].equals(engine)) {
          models.add(p[1]);
        }
      }
      jmh(s, TrainingBench.class, engine, models, out.resolve("training-" + engine + ".json"));
      log.add("training " + engine + " done " + Instant.now() + " loadavg " + loadavg());
    }
    log.add(String.format(Locale.ROOT, "end %s loadavg %s; total %.1f min", Instant.now(), loadavg(),
        (System.nanoTime() - start) / 60e9));
    Files.write(out.resolve("run.log"), log, StandardCharsets.UTF_8);
    Report.write(out, report, s == Settings.QUICK);
    System.out.println("wrote " + report.toAbsolutePath());
  }

  /** The engines whose training is timed, kerac first. */
  static final List<String> TRAINING_ENGINES = List.of("kerac", "djl", "dl4j");

  /** The models whose training is timed. */
  static final List<PeerModel> TRAINING_MODELS = List.of(PeerModel.SEED, PeerModel.CNN);

  /** Every {@code {engine, model}} whose training is timed: the engines' supported training models. */
  static List<String[]> trainingPairs() {
    List<String[]> pairs = new ArrayList<>();
    for (String engine : TRAINING_ENGINES) {
      for (PeerModel m : TRAINING_MODELS) {
        if (Engines.supportsTraining(engine, m)) {
          pairs.add(new String[] {engine, m.id()});
        }
      }
    }
    return pairs;
  }

  private static void jmh(Settings s, Class<?> bench, String engine, List<String> models, Path json)
      throws RunnerException {
    if (models.isEmpty()) {
      return;
    }
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(bench.getName() + "\\.")
        .param("engine", engine)
        .param("model", models.toArray(new String[0]))
        .param("threads", Engines.hasThreadSetting(engine) ? new String[] {"1", "2"} : new String[] {"1"})
        .forks(1)
        .warmupIterations(s.warmups())
        .warmupTime(TimeValue.milliseconds((long) (s.warmupSeconds() * 1000)))
        .measurementIterations(s.iterations())
        .measurementTime(TimeValue.milliseconds((long) (s.iterationSeconds() * 1000)))
        .jvmArgsAppend("-D" + LOG_LEVEL, "-Dai.djl.offline=true",
            // kerac's Vector API kernels (the scalar ones run without this flag).
            "--add-modules", "jdk.incubator.vector")
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    new Runner(o.build()).run();
  }

  /**
   * Runs {@link TrainingCheck} in a fresh JVM (it loads every peer's native library, which this
   * process otherwise never does) and returns its result lines; throws if it fails.
   */
  private static List<String> trainingCheck() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-D" + LOG_LEVEL, "-Dai.djl.offline=true",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        TrainingCheck.class.getName());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        all.append(l).append('\n');
        if (l.startsWith("training check ")) {
          System.out.println(l);
          lines.add(l);
        }
      }
    }
    int status = p.waitFor();
    if (status != 0) {
      throw new IllegalStateException("TrainingCheck failed (exit status " + status + "):\n" + all);
    }
    return lines;
  }

  /**
   * Runs {@code ColdStart} for every engine and model in fresh JVMs, round-robin so that slow drifts
   * in machine load spread over all of them; one discarded launch per configuration first fills the
   * peers' native-library caches and the OS file cache.
   */
  private static void coldStarts(Settings s, Path tsv) throws IOException, InterruptedException {
    List<String[]> configs = new ArrayList<>();
    for (String engine : Engines.ALL) {
      for (PeerModel m : PeerModel.values()) {
        if (Engines.supports(engine, m)) {
          configs.add(new String[] {engine, m.id()});
        }
      }
    }
    List<String> rows = new ArrayList<>();
    rows.add("engine\tmodel\trun\tlaunch_to_first_us\tmain_to_first_us\tcpu_us\tmax_diff");
    for (int run = -1; run < s.coldRuns(); run++) {
      for (String[] c : configs) {
        String[] r = launch(c[0], c[1]);
        if (run >= 0) {
          rows.add(c[0] + "\t" + c[1] + "\t" + run + "\t" + r[0] + "\t" + r[1] + "\t" + r[2] + "\t" + r[3]);
        }
        System.out.printf("cold start %s %s run %d: launch to first prediction %.1f ms (main to first %.1f ms,"
            + " CPU %.1f ms), largest difference from ref_output %s%n",
            c[0], c[1], run, Long.parseLong(r[0]) / 1e3, Long.parseLong(r[1]) / 1e3, Long.parseLong(r[2]) / 1e3, r[3]);
      }
    }
    Files.write(tsv, rows, StandardCharsets.UTF_8);
  }

  /**
   * One fresh JVM: returns launch-to-first-prediction µs, main-to-first µs, process CPU µs at the
   * first prediction, largest difference.
   */
  private static String[] launch(String engine, String model) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-D" + LOG_LEVEL,
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        ColdStart.class.getName(), engine, model);
    pb.redirectErrorStream(true);
    Instant before = Instant.now();
    Process p = pb.start();
    long launchUs = before.getEpochSecond() * 1_000_000L + before.getNano() / 1_000;
    String line = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        all.append(l).append('\n');
        if (l.startsWith("COLDSTART ")) {
          line = l;
        }
      }
    }
    int status = p.waitFor();
    if (status != 0 || line == null) {
      throw new IllegalStateException("cold start of " + engine + " " + model + " failed (exit status "
          + status + "):\n" + all);
    }
    String first = field(line, "first_epoch_us");
    return new String[] {
      Long.toString(Long.parseLong(first) - launchUs), field(line, "main_to_first_us"), field(line, "cpu_us"),
      field(line, "max_diff")
    };
  }

  private static String field(String line, String key) {
    for (String part : line.split(" ")) {
      if (part.startsWith(key + "=")) {
        return part.substring(key.length() + 1);
      }
    }
    throw new IllegalStateException("no " + key + " in '" + line + "'");
  }

  static String loadavg() {
    try {
      return Files.readString(new File("/proc/loadavg").toPath()).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
