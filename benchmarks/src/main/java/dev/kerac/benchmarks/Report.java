package dev.kerac.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.kerac.runtime.io.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Writes {@code RESULTS.md} from the files {@link RunAll} leaves in its output directory (JMH JSON
 * per engine, {@code coldstart.tsv}, {@code run.log}): tables per metric with JMH's 99.9 % error,
 * heap bytes allocated per operation, kerac/peer ratios, the targets with met or missed, and a
 * roofline reading of kerac's numbers.
 *
 * <pre>
 * java -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.Report target/results RESULTS.md
 * </pre>
 */
public final class Report {
  // Work per sample (multiply-adds count 2), from the layer shapes:
  //   tiny  2(16·32 + 32·32 + 32·4)
  //   seed  2(784·512 + 512·512 + 512·10)
  //   cnn   2(26·26·32·9 + 11·11·64·288 + 1600·128 + 128·10)
  //   lstm  28 steps · 2(28 + 128)·512 + 2·128·10
  // Training ≈ 3× forward (forward, weight gradients, input gradients).
  private static final Map<String, Long> FLOPS = Map.of(
      "tiny", 2L * (16 * 32 + 32 * 32 + 32 * 4),
      "seed", 2L * (784 * 512 + 512 * 512 + 512 * 10),
      "cnn", 2L * (26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 1600 * 128 + 128 * 10),
      "lstm", 28L * 2 * (28 + 128) * 512 + 2L * 128 * 10);
  /** Float32 weight bytes (parameters × 4). */
  private static final Map<String, Long> WEIGHT_BYTES = Map.of(
      "tiny", 4L * (16 * 32 + 32 + 32 * 32 + 32 + 32 * 4 + 4),
      "seed", 4L * 669_706,
      "cnn", 4L * (3 * 3 * 32 + 32 + 3 * 3 * 32 * 64 + 64 + 1600 * 128 + 128 + 128 * 10 + 10),
      "lstm", 4L * (28 * 512 + 128 * 512 + 512 + 128 * 10 + 10));
  private static final double PEAK_GFLOPS = 175;
  private static final double JAVA_LOOP_GFLOPS = 40;
  private static final List<String> ENGINES = List.of("kerac", "onnx", "djl", "dl4j");
  private static final List<String> MODELS = List.of("tiny", "seed", "cnn", "lstm");
  private static final Map<String, String> ENGINE_NAMES = Map.of(
      "kerac", "kerac", "onnx", "ONNX Runtime", "djl", "PyTorch (DJL)", "dl4j", "DL4J");

  /** kerac's exact caller-thread bytes per operation, keyed {@code "model op"} (AllocationCheck). */
  private static Map<String, Double> exactAlloc = Map.of();

  /** Whether {@link #main} rewrites the report from a finished run's files. */
  private static boolean regenerated;

  private Report() {}

  /** One JMH result, converted: latency in µs, throughputs in samples/s, allocation per call. */
  record Row(String bench, String engine, String model, int threads, double score, double error,
      double allocPerOp) {
    String config() {
      return ENGINE_NAMES.get(engine) + ", " + threads + (threads == 1 ? " thread" : " threads");
    }
  }

  /** One cold-start configuration: medians, minima and maxima in ms over the runs. */
  record Cold(String engine, String model, int runs, double launchMedian, double launchMin,
      double launchMax, double mainMedian, double mainMin, double mainMax, double cpuMedian) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Report RESULTS_DIR OUTPUT.md");
      System.exit(2);
    }
    regenerated = true;
    write(Path.of(args[0]), Path.of(args[1]), false);
  }

  /** Reads {@code dir} and writes the report to {@code out}. */
  public static void write(Path dir, Path out, boolean quick) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        rows.addAll(parse(Files.readString(f, StandardCharsets.UTF_8)));
      }
    }
    rows.sort(Comparator.comparing((Row r) -> ENGINES.indexOf(r.engine())).thenComparing(Row::threads));
    List<Cold> cold = Files.exists(dir.resolve("coldstart.tsv"))
        ? cold(Files.readAllLines(dir.resolve("coldstart.tsv"))) : List.of();
    List<String> log = Files.exists(dir.resolve("run.log")) ? Files.readAllLines(dir.resolve("run.log")) : List.of();
    Map<String, Double> alloc = new TreeMap<>();
    if (Files.exists(dir.resolve("allocation.tsv"))) {
      List<String> lines = Files.readAllLines(dir.resolve("allocation.tsv"));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\t");
        alloc.put(f[1] + " " + f[2], Double.parseDouble(f[3]));
      }
    }
    exactAlloc = alloc;
    Files.writeString(out, render(rows, cold, log, quick), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static List<Row> parse(String json) {
    List<Row> rows = new ArrayList<>();
    for (Object o : (List<Object>) Json.parse(json)) {
      Map<String, Object> m = (Map<String, Object>) o;
      String benchmark = (String) m.get("benchmark");
      String bench = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      Map<String, Object> params = (Map<String, Object>) m.get("params");
      Map<String, Object> primary = (Map<String, Object>) m.get("primaryMetric");
      Map<String, Object> secondary = (Map<String, Object>) m.get("secondaryMetrics");
      double score = number(primary.get("score"));
      double error = number(primary.get("scoreError"));
      double alloc = Double.NaN;
      if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> a) {
        alloc = number(a.get("score"));
      }
      if (!bench.equals("latency")) { // one operation is a batch of 64
        score *= 64;
        error *= 64;
      }
      rows.add(new Row(bench, (String) params.get("engine"), (String) params.get("model"),
          Integer.parseInt((String) params.get("threads")), score, error, alloc));
    }
    return rows;
  }

  private static double number(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
    }
    return Double.NaN;
  }

  static List<Cold> cold(List<String> lines) {
    Map<String, List<double[]>> by = new TreeMap<>(Comparator
        .comparing((String k) -> MODELS.indexOf(k.split(" ")[1]))
        .thenComparing(k -> ENGINES.indexOf(k.split(" ")[0])));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      by.computeIfAbsent(f[0] + " " + f[1], k -> new ArrayList<>())
          .add(new double[] {Double.parseDouble(f[3]) / 1e3, Double.parseDouble(f[4]) / 1e3,
              Double.parseDouble(f[5]) / 1e3});
    }
    List<Cold> out = new ArrayList<>();
    by.forEach((k, runs) -> {
      double[] launch = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
      double[] main = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
      double[] cpu = runs.stream().mapToDouble(r -> r[2]).sorted().toArray();
      String[] em = k.split(" ");
      out.add(new Cold(em[0], em[1], runs.size(), median(launch), launch[0], launch[launch.length - 1],
          median(main), main[0], main[main.length - 1], median(cpu)));
    });
    return out;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  // ---- rendering ----------------------------------------------------------------------------

  private static String render(List<Row> rows, List<Cold> cold, List<String> log, boolean quick) {
    StringBuilder s = new StringBuilder();
    s.append("# kerac benchmarks: results\n\n");
    s.append("Generated by `benchmarks/run.sh` (`dev.kerac.benchmarks.RunAll`, then `Report`) on ")
        .append(LocalDate.now()).append(commit()).append(". Do not edit by hand: rerun the command.\n\n");
    if (regenerated) {
      s.append("This page was rewritten by `Report` from the files the run left in `target/results/`"
          + " (same measurements, final report layout).\n\n");
    }
    if (quick) {
      s.append("**QUICK RUN (`--quick`): shortened measurements for a smoke test; these numbers are not"
          + " results.**\n\n");
    }
    s.append("Every engine runs the same model with the same weights (`src/main/resources/peers/`) and"
        + " was checked against the model's `ref_output` (largest absolute difference ≤ 1e-5) in every"
        + " JMH fork and every cold-start process before its numbers count. Inputs are uniform in"
        + " [0, 1) like `ref_input` (no zero pixels: kerac's first Dense layer skips zero inputs, so on"
        + " real Fashion-MNIST images, about half zeros, kerac's MLP numbers would be better than here)."
        + " Ratios are kerac's advantage: peer time ÷ kerac time, or kerac throughput ÷ peer"
        + " throughput; below 1 means kerac loses.\n\n");
    summary(s, rows, cold);
    latency(s, rows);
    throughput(s, rows, "batch64", "Batch-64 inference", "samples/s");
    throughput(s, rows, "step", "Training, batch 64, Adam(1e-3)", "samples/s");
    coldStart(s, cold);
    roofline(s, rows);
    losses(s, rows, cold);
    method(s, log);
    return s.toString();
  }

  private static String commit() {
    String c = System.getProperty("kerac.commit");
    return c == null || c.isBlank() ? "" : " at commit `" + c + "`";
  }

  /** kerac on {@code threads} threads, else its first row: a peer row is compared at its own thread count. */
  private static Row keracAt(List<Row> rows, String bench, String model, int threads) {
    Row k = bestKerac(rows, bench, model, r -> r.threads() == threads);
    return k != null ? k : kerac(rows, bench, model);
  }

  private static Row kerac(List<Row> rows, String bench, String model) {
    return rows.stream().filter(r -> r.bench().equals(bench) && r.model().equals(model)
        && r.engine().equals("kerac")).findFirst().orElse(null);
  }

  private static Row bestPeer(List<Row> rows, String bench, String model, Predicate<Row> which) {
    return best(rows, bench, model, which.and(r -> !r.engine().equals("kerac")));
  }

  /** kerac's best configuration among {@code which}: peers are compared at their best too. */
  private static Row bestKerac(List<Row> rows, String bench, String model, Predicate<Row> which) {
    return best(rows, bench, model, which.and(r -> r.engine().equals("kerac")));
  }

  private static Row best(List<Row> rows, String bench, String model, Predicate<Row> which) {
    boolean lowerIsBetter = bench.equals("latency");
    Comparator<Row> better = Comparator.comparingDouble(Row::score);
    return rows.stream()
        .filter(r -> r.bench().equals(bench) && r.model().equals(model))
        .filter(which)
        .min(lowerIsBetter ? better : better.reversed()).orElse(null);
  }

  /** kerac's advantage over {@code peer}: > 1 when kerac is faster. */
  private static double ratio(Row kerac, Row peer) {
    return kerac.bench().equals("latency") ? peer.score() / kerac.score() : kerac.score() / peer.score();
  }

  private static void summary(StringBuilder s, List<Row> rows, List<Cold> cold) {
    s.append("## Summary against the performance issue's targets\n\n");
    s.append("Each side at its best configuration (1 or 2 threads) unless the row says otherwise.\n\n");
    s.append("| metric | kerac | best peer configuration here | kerac advantage | target | met |\n");
    s.append("|---|---|---|---|---|---|\n");
    target(s, rows, "latency", "tiny", "tiny MLP, 1 sample", r -> r.engine().equals("onnx"), 20,
        "≥ 20× ONNX Runtime");
    target(s, rows, "latency", "seed", "seed MLP, 1 sample", r -> r.engine().equals("onnx"), 2,
        "≥ 2× ONNX Runtime at its best");
    target(s, rows, "latency", "seed", "seed MLP, 1 sample, both on 1 thread",
        r -> r.engine().equals("onnx") && r.threads() == 1, 1, "≥ 1× ONNX Runtime, 1 thread");
    target(s, rows, "latency", "cnn", "CNN, 1 sample", r -> r.engine().equals("onnx"), 1,
        "≥ 1× ONNX Runtime (goal 1.5×)");
    target(s, rows, "latency", "lstm", "LSTM, 1 sample", r -> r.engine().equals("onnx"), 2,
        "≥ 2× ONNX Runtime");
    target(s, rows, "batch64", "seed", "seed MLP, batch-64 inference", r -> r.engine().equals("onnx"), 1,
        "≥ 1× ONNX Runtime");
    target(s, rows, "batch64", "cnn", "CNN, batch-64 inference", r -> r.engine().equals("onnx"), 1,
        "≥ 1× ONNX Runtime");
    target(s, rows, "step", "seed", "seed MLP training", r -> r.engine().equals("djl"), 3,
        "≥ 3× PyTorch (DJL)");
    target(s, rows, "step", "cnn", "CNN training", r -> r.engine().equals("djl"), 2, "≥ 2× PyTorch (DJL)");
    double maxJmh = rows.stream().filter(r -> r.engine().equals("kerac"))
        .mapToDouble(Row::allocPerOp).max().orElse(Double.NaN);
    double maxExact = exactAlloc.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    double minPeer = rows.stream().filter(r -> !r.engine().equals("kerac"))
        .mapToDouble(Row::allocPerOp).min().orElse(Double.NaN);
    s.append("| Java heap bytes allocated per operation (every kerac operation) | ")
        .append(Double.isNaN(maxExact) ? "not checked" : "caller thread: ≤ " + fmt(maxExact) + " B/op")
        .append(Double.isNaN(maxJmh) ? "" : "; JMH all threads: ≤ " + fmt(maxJmh) + " B/op")
        .append(" | peers: ≥ ").append(fmt(minPeer)).append(" B/op (JMH) | | 0 | ")
        .append(Double.isNaN(maxExact) ? "n/a" : maxExact == 0 ? "yes" : "**no**").append(" |\n");
    for (String model : List.of("tiny", "seed")) {
      Cold k = coldOf(cold, "kerac", model);
      Cold o = coldOf(cold, "onnx", model);
      if (k != null && o != null) {
        double r = o.mainMedian() / k.mainMedian();
        s.append("| cold start, ").append(model).append(": model construction + first prediction | ")
            .append(fmt(k.mainMedian())).append(" ms | ONNX Runtime ").append(fmt(o.mainMedian()))
            .append(" ms | ").append(times(r)).append(" | ≥ 10× ONNX Runtime | ")
            .append(r >= 10 ? "yes" : "**no**").append(" |\n");
      }
    }
    s.append("\n");
  }

  private static void target(StringBuilder s, List<Row> rows, String bench, String model, String label,
      Predicate<Row> peers, double want, String targetText) {
    // A row comparing single-threaded peers compares single-threaded kerac.
    boolean oneThread = label.contains("1 thread");
    Row k = bestKerac(rows, bench, model, r -> !oneThread || r.threads() == 1);
    Row p = bestPeer(rows, bench, model, peers);
    s.append("| ").append(label).append(" | ");
    s.append(k == null ? "no kerac model yet" : value(k) + " (" + k.threads()
        + (k.threads() == 1 ? " thread)" : " threads)")).append(" | ");
    s.append(p == null ? "not measured" : p.config() + ": " + value(p)).append(" | ");
    if (k == null || p == null) {
      s.append("— | ").append(targetText).append(" | open |\n");
      return;
    }
    double r = ratio(k, p);
    s.append(times(r)).append(" | ").append(targetText).append(" | ")
        .append(r >= want ? "yes" : "**no** (" + fmt(want / r) + "× short)").append(" |\n");
  }

  private static String value(Row r) {
    return r.bench().equals("latency") ? fmt(r.score()) + " µs" : fmt(r.score()) + " samples/s";
  }

  private static void latency(StringBuilder s, List<Row> rows) {
    s.append("## Single-sample latency (µs per prediction, lower is better)\n\n");
    s.append("One sample as a Java `float[]` in, the outputs copied into a `float[]` out. JMH average"
        + " time; ± is JMH's 99.9 % confidence half-width. Heap bytes are Java-heap allocation per call"
        + " (`-prof gc`, `gc.alloc.rate.norm`); native allocations inside the peers are not counted. On"
        + " JDK 17 JMH sums every Java thread of the fork, its own included, so operations that allocate"
        + " nothing still show a few bytes (hundreds for slow operations); kerac's rows add in brackets"
        + " the exact count on the calling thread after warm-up (`AllocationCheck`). A peer's kerac advantage"
        + " compares it with kerac on the same number of threads.\n\n");
    table(s, rows, "latency", "µs ± error");
  }

  private static void throughput(StringBuilder s, List<Row> rows, String bench, String title, String unit) {
    if (rows.stream().noneMatch(r -> r.bench().equals(bench))) {
      return;
    }
    s.append("## ").append(title).append(" (").append(unit).append(", higher is better)\n\n");
    s.append(bench.equals("step")
        ? "One operation is one optimizer step on 64 samples (forward with Dropout active, loss,"
            + " backward, Adam update), inputs copied from Java arrays each step as a Java caller"
            + " must. Heap bytes are per step.\n\n"
        : "64 rows in, 64 output rows out per operation, copies included. Heap bytes are per batch.\n\n");
    table(s, rows, bench, unit + " ± error");
  }

  private static void table(StringBuilder s, List<Row> rows, String bench, String valueHeader) {
    s.append("| model | engine | threads | ").append(valueHeader)
        .append(" | heap B/op | kerac advantage |\n|---|---|---|---|---|---|\n");
    for (String model : MODELS) {
      for (Row r : rows) {
        if (!r.bench().equals(bench) || !r.model().equals(model)) {
          continue;
        }
        Row k = keracAt(rows, bench, model, r.threads());
        s.append("| ").append(model).append(" | ").append(ENGINE_NAMES.get(r.engine())).append(" | ")
            .append(r.threads()).append(" | ").append(fmt(r.score())).append(" ± ").append(fmt(r.error()))
            .append(r.error() > 0.5 * r.score() ? " †" : "")
            .append(" | ").append(fmt(r.allocPerOp()));
        Double exact = r.engine().equals("kerac") ? exactAlloc.get(model + " " + bench) : null;
        if (exact != null) {
          s.append(" (caller thread: ").append(fmt(exact)).append(")");
        }
        s.append(" | ");
        if (r.engine().equals("kerac")) {
          s.append("—");
        } else if (k == null) {
          s.append("no kerac model yet");
        } else {
          double x = ratio(k, r);
          s.append(x >= 1 ? times(x) : "**" + times(x) + "**");
        }
        s.append(" |\n");
      }
    }
    if (rows.stream().anyMatch(r -> r.bench().equals(bench) && r.error() > 0.5 * r.score())) {
      s.append("\n† The error exceeds half the score: iterations disagreed widely, mostly because other"
          + " processes competed for the 2 cores during that measurement. Indicative only.\n");
    }
    s.append("\n");
  }

  private static Cold coldOf(List<Cold> cold, String engine, String model) {
    return cold.stream().filter(c -> c.engine().equals(engine) && c.model().equals(model)).findFirst()
        .orElse(null);
  }

  private static void coldStart(StringBuilder s, List<Cold> cold) {
    if (cold.isEmpty()) {
      return;
    }
    s.append("## Cold start (ms, fresh JVM per run, lower is better)\n\n");
    s.append("`ColdStart ENGINE MODEL` in a new JVM: build the model (weights or model file from the"
        + " class path, native libraries loaded on first use), predict one sample. *Launch* is from just"
        + " before the parent starts the process to the first prediction's wall-clock time (JVM start-up"
        + " included); *main* is from the start of `main` (model construction + first prediction)."
        + " Medians over ").append(cold.get(0).runs()).append(" runs, run round-robin after one"
        + " discarded warm-up launch each (which fills the peers' native-library caches). 1 thread"
        + " settings. *CPU* is the process's CPU time (all threads, JIT and GC included) when the first"
        + " prediction returns: unlike wall time it hardly depends on other load on the machine.\n\n");
    s.append("| model | engine | launch → first prediction (min–max) | main → first prediction (min–max) | process CPU time at first prediction | kerac advantage (main) | kerac advantage (CPU) |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    for (Cold c : cold) {
      Cold k = coldOf(cold, "kerac", c.model());
      s.append("| ").append(c.model()).append(" | ").append(ENGINE_NAMES.get(c.engine())).append(" | ")
          .append(fmt(c.launchMedian())).append(" (").append(fmt(c.launchMin())).append("–")
          .append(fmt(c.launchMax())).append(") | ").append(fmt(c.mainMedian())).append(" (")
          .append(fmt(c.mainMin())).append("–").append(fmt(c.mainMax())).append(") | ")
          .append(fmt(c.cpuMedian())).append(" | ");
      if (c.engine().equals("kerac")) {
        s.append("— | —");
      } else if (k == null) {
        s.append("no kerac model yet | no kerac model yet");
      } else {
        double x = c.mainMedian() / k.mainMedian();
        double y = c.cpuMedian() / k.cpuMedian();
        s.append(x >= 1 ? times(x) : "**" + times(x) + "**").append(" | ")
            .append(y >= 1 ? times(y) : "**" + times(y) + "**");
      }
      s.append(" |\n");
    }
    s.append("\n");
  }

  private static void roofline(StringBuilder s, List<Row> rows) {
    s.append("## Roofline reading of kerac's numbers\n\n");
    s.append("This machine: ≈ ").append(fmt(PEAK_GFLOPS)).append(" GFLOP/s fp32 per core (AVX-512"
        + " FMA, the performance issue's figure; a register-blocked Java FMA loop reached 117 here),"
        + " plain Java loops ≈ ").append(fmt(JAVA_LOOP_GFLOPS)).append(" GFLOP/s per core"
        + " (cache-resident AXPY, one load and one store per FMA), L2 ≈ 130 GB/s (")
        .append(cacheSize(2)).append(" per core), L3 ≈ 25 GB/s (").append(cacheSize(3))
        .append(" shared). FLOPs per sample: tiny ").append(fmt(FLOPS.get("tiny")))
        .append(", seed ").append(fmt(FLOPS.get("seed"))).append(", CNN ").append(fmt(FLOPS.get("cnn")))
        .append(", LSTM ").append(fmt(FLOPS.get("lstm"))).append(" (training ≈ 3×). Weights: seed ")
        .append(fmt(WEIGHT_BYTES.get("seed") / 1e6)).append(" MB, more than one core's L2, so a"
        + " single-sample pass streams part of them from L3 on every call; tiny ")
        .append(fmt(WEIGHT_BYTES.get("tiny") / 1e3)).append(" kB (L1-resident), CNN ")
        .append(fmt(WEIGHT_BYTES.get("cnn") / 1e6)).append(" MB, LSTM ")
        .append(fmt(WEIGHT_BYTES.get("lstm") / 1e6)).append(" MB.\n\n");
    s.append("Bounds are what one core could do at most on this work: at the plain-Java-loop ceiling,"
        + " at the FMA peak, and (single sample) the time to read every weight once, assuming the part"
        + " that fits in L2 stays there between calls and the rest streams from L3 (for the seed MLP also"
        + " with the output units split over both cores, each reading half the weights). Latencies in µs,"
        + " throughputs in samples/s.\n\n");
    s.append("| model | metric | kerac | kerac GFLOP/s (% of FMA peak) | best peer | peer GFLOP/s |"
        + " bound at Java-loop ceiling | bound at FMA peak | bound from weight traffic |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    long l2 = cacheBytes(2);
    for (String bench : List.of("latency", "batch64", "step")) {
      for (String model : MODELS) {
        Row r = kerac(rows, bench, model);
        if (r == null) {
          continue;
        }
        Row p = bestPeer(rows, bench, model, x -> true);
        double flops = FLOPS.get(model) * (bench.equals("step") ? 3.0 : 1.0);
        boolean latency = bench.equals("latency");
        s.append("| ").append(model).append(" | ").append(bench).append(" | ").append(value(r))
            .append(" | ").append(fmt(gflops(r, flops))).append(" (")
            .append(fmt(100 * gflops(r, flops) / PEAK_GFLOPS)).append(" %) | ")
            .append(p == null ? "—" : p.config() + ": " + value(p)).append(" | ")
            .append(p == null ? "—" : fmt(gflops(p, flops))).append(" | ")
            .append(bound(latency, flops, JAVA_LOOP_GFLOPS)).append(" | ")
            .append(bound(latency, flops, PEAK_GFLOPS)).append(" | ");
        if (latency) {
          // What fits in L2 stays there between calls; the rest comes from L3 every call.
          long w = WEIGHT_BYTES.get(model);
          long inL2 = l2 > 0 ? Math.min(w, l2) : w;
          double us = (w - inL2) / 25e3 + inL2 / 130e3;
          s.append(fmt(us)).append(" µs");
          if (w > inL2) {
            long half = (w + 1) / 2;
            long halfInL2 = Math.min(half, l2);
            s.append("; 2 cores, half each: ")
                .append(fmt((half - halfInL2) / 25e3 + halfInL2 / 130e3)).append(" µs");
          }
        } else {
          s.append("—");
        }
        s.append(" |\n");
      }
    }
    s.append("\n");
  }

  private static double gflops(Row r, double flops) {
    return r.bench().equals("latency") ? flops / (r.score() * 1e3) : flops * r.score() / 1e9;
  }

  /** The best latency (µs) or throughput (samples/s) at {@code gflops} on work of {@code flops}. */
  private static String bound(boolean latency, double flops, double gflops) {
    return latency ? fmt(flops / (gflops * 1e3)) + " µs" : fmt(gflops * 1e9 / flops) + " samples/s";
  }

  private static void losses(StringBuilder s, List<Row> rows, List<Cold> cold) {
    s.append("## Where kerac loses in this run\n\n");
    List<String> out = new ArrayList<>();
    for (String bench : List.of("latency", "batch64", "step")) {
      for (String model : MODELS) {
        Row k = kerac(rows, bench, model);
        if (k == null) {
          continue;
        }
        for (Row r : rows) {
          Row same = keracAt(rows, bench, model, r.threads());
          if (r.bench().equals(bench) && r.model().equals(model) && !r.engine().equals("kerac")
              && ratio(same, r) < 1) {
            k = same;
            out.add("- " + bench + ", " + model + ": " + r.config() + " is " + times(1 / ratio(k, r))
                + " faster (" + value(r) + " vs " + value(k) + " for " + k.config() + ").");
          }
        }
      }
    }
    for (Cold c : cold) {
      Cold k = coldOf(cold, "kerac", c.model());
      if (k != null && !c.engine().equals("kerac") && c.mainMedian() < k.mainMedian()) {
        out.add("- cold start, " + c.model() + ": " + ENGINE_NAMES.get(c.engine()) + " "
            + fmt(c.mainMedian()) + " ms vs kerac's " + fmt(k.mainMedian()) + " ms.");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String model : MODELS) {
      if (rows.stream().anyMatch(r -> r.model().equals(model)) && kerac(rows, "latency", model) == null) {
        missing.add(model);
      }
    }
    if (!missing.isEmpty()) {
      out.add("- kerac has no model yet for " + String.join(", ", missing)
          + " (layers not available); the peers' numbers are the targets to beat.");
    }
    if (rows.stream().noneMatch(r -> r.engine().equals("kerac") && r.threads() > 1)) {
      out.add("- kerac has no thread setting yet: every kerac number is 1 thread, compared against"
          + " peers on 1 and 2 threads.");
    }
    if (out.isEmpty()) {
      out.add("- nowhere measured.");
    }
    s.append(String.join("\n", out)).append("\n\n");
  }

  private static void method(StringBuilder s, List<String> log) {
    s.append("## Machine, JVM and method\n\n");
    s.append("- CPU: ").append(cpu()).append("\n");
    s.append("- Memory: ").append(firstLine("/proc/meminfo", "MemTotal")).append("\n");
    s.append("- OS: ").append(System.getProperty("os.name")).append(" ")
        .append(System.getProperty("os.version")).append(", ").append(osRelease()).append("\n");
    s.append("- JVM: ").append(System.getProperty("java.vm.name")).append(" ")
        .append(System.getProperty("java.runtime.version")).append(" (")
        .append(System.getProperty("java.vm.vendor")).append("); ").append(vmFlags())
        .append("; default flags in every fork\n");
    s.append("- Engines: kerac ").append(pkg("dev.kerac.runtime.model.Model"))
        .append(", ONNX Runtime 1.22.0 (CPU), PyTorch 2.7.1 through DJL 0.36.0 (offline, native"
            + " library from `pytorch-native-cpu`), DL4J/ND4J 1.0.0-M2.1 (nd4j-native, OpenBLAS)\n");
    s.append("- JMH 1.37: 1 fork per configuration; the warm-up and measurement iterations are in the"
        + " run log below; `-prof gc`. Errors with one fork only cover variation between iterations,"
        + " not between JVM launches.\n");
    s.append("- Threads: ONNX Runtime `intra_op_num_threads` (inter-op 1, sequential); PyTorch"
        + " `ai.djl.pytorch.num_threads` (inter-op 1); ND4J OpenMP + OpenBLAS threads. The JMH"
        + " benchmark thread is the caller in all cases.\n");
    s.append("- Peer set-up per call: ONNX Runtime reuses pinned input/output tensors over direct buffers"
        + " (its fastest Java path); DJL creates the input tensor and reads the output per call, without"
        + " the Predictor layer, autograd off; DL4J creates the input `INDArray` per call.\n");
    s.append("- Training peers: DJL builds the same network from its blocks (Linear, Conv2d, max pooling;"
        + " NCHW, the CNN input [N, 1, 28, 28] being the same memory as Keras's [N, 28, 28, 1]) with"
        + " `SoftmaxCrossEntropyLoss` on logits; DL4J a `MultiLayerNetwork` with MCXENT on softmax. Both"
        + " start from the peer weights (conv kernels and the CNN's first Dense rows converted from"
        + " Keras's NHWC layout) and use Adam(1e-3) with Keras's epsilon 1e-7; before anything is timed"
        + " `TrainingCheck` runs 20 steps on one batch per engine and model: the loss must fall and,"
        + " without Dropout, be the same for every engine at every step (run log).\n");
    s.append("- Load: the run log below gives the load average at each stage. The benchmark itself keeps up"
        + " to 2 threads busy; a load well above 2 means other processes competed for the 2 cores and"
        + " the absolute numbers carry that noise.\n\nRun log:\n\n```\n");
    for (String l : log) {
      s.append(l).append("\n");
    }
    s.append("```\n");
  }

  private static String pkg(String cls) {
    try {
      Package p = Class.forName(cls).getPackage();
      return p.getImplementationVersion() == null ? "(this tree)" : p.getImplementationVersion();
    } catch (ClassNotFoundException e) {
      return "?";
    }
  }

  private static String cpu() {
    String model = firstLine("/proc/cpuinfo", "model name");
    model = model.contains(":") ? model.substring(model.indexOf(':') + 1).trim() : model;
    StringBuilder caches = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      Path d = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i);
      try {
        caches.append(i == 0 ? "" : ", ").append("L").append(Files.readString(d.resolve("level")).trim())
            .append(type(Files.readString(d.resolve("type")).trim())).append(" ")
            .append(Files.readString(d.resolve("size")).trim());
      } catch (IOException e) {
        break;
      }
    }
    return model + ", " + Runtime.getRuntime().availableProcessors() + " cores"
        + (caches.length() > 0 ? " (per core " + caches + ")" : "");
  }

  private static long cacheBytes(int level) {
    String size = cacheSize(level);
    return size.endsWith(" kB") ? 1024L * Long.parseLong(size.substring(0, size.length() - 3)) : -1;
  }

  private static String cacheSize(int level) {
    for (int i = 0; i < 6; i++) {
      Path d = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i);
      try {
        if (Files.readString(d.resolve("level")).trim().equals(Integer.toString(level))) {
          return Files.readString(d.resolve("size")).trim().replace("K", " kB");
        }
      } catch (IOException e) {
        break;
      }
    }
    return "size unknown";
  }

  private static String type(String t) {
    return switch (t) {
      case "Data" -> "d";
      case "Instruction" -> "i";
      default -> "";
    };
  }

  private static String firstLine(String file, String prefix) {
    try {
      for (String l : Files.readAllLines(Path.of(file))) {
        if (l.startsWith(prefix)) {
          return l.replaceAll("\\s+", " ").trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "unknown";
  }

  private static String osRelease() {
    String l = firstLine("/etc/os-release", "PRETTY_NAME");
    return l.replace("PRETTY_NAME=", "").replace("\"", "");
  }

  private static String vmFlags() {
    try {
      HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      List<String> f = new ArrayList<>();
      for (String n : List.of("UseAVX", "MaxVectorSize", "UseG1GC", "UseSerialGC", "MaxHeapSize")) {
        f.add(n + "=" + hs.getVMOption(n).getValue());
      }
      return String.join(", ", f);
    } catch (RuntimeException e) {
      return "flags unknown";
    }
  }

  private static String times(double x) {
    return fmt(x) + "×";
  }

  /** Three significant digits, thousands separated; NaN as n/a. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4;
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
