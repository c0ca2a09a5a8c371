package dev.kerac.benchmarks;

import dev.kerac.benchmarks.engines.Engines;
import dev.kerac.benchmarks.engines.InferenceEngine;
import dev.kerac.benchmarks.engines.TrainingEngine;
import dev.kerac.benchmarks.jmh.TrainingBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The check every trainer passes before its throughput counts: {@value #STEPS} Adam steps on one fixed
 * batch of 64 (the first batch {@code TrainingBench} times) must lower the loss, after the trainer's
 * forward pass matched {@code ref_output} (engines that also predict are checked with {@link Reference}
 * here; DJL's trainer checks itself). A step that does not
 * learn (wrong gradients, a frozen layer, a mis-wired loss) would make any throughput meaningless.
 * Losses with Dropout active are noisy, so the check compares the means of the first and last
 * {@value #WINDOW} steps, and the last loss with the first. Without Dropout the engines compute the
 * same thing, so their losses must also agree step by step.
 *
 * <pre>
 * java -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.TrainingCheck djl cnn dl4j cnn
 * </pre>
 *
 * Without arguments it checks every engine and model {@code RunAll} trains, on 1 thread.
 */
public final class TrainingCheck {
  /** Steps on the fixed batch. */
  public static final int STEPS = 20;

  /** Steps averaged at each end. */
  public static final int WINDOW = 5;

  /**
   * Largest difference between two engines' losses at the same step, for models without Dropout:
   * same weights, data and Adam (Keras's epsilon, 1e-7) leave only float rounding, 4e-5 on the CNN; the
   * peers' default epsilon 1e-8 alone made them differ from kerac by 4e-3.
   */
  public static final double AGREEMENT = 1e-3;

  private TrainingCheck() {}

  public static void main(String[] args) {
    if (args.length % 2 != 0) {
      System.err.println("usage: TrainingCheck [ENGINE MODEL]...");
      System.exit(2);
    }
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      pairs.add(new String[] {args[i], args[i + 1]});
    }
    for (String line : run(pairs.isEmpty() ? RunAll.trainingPairs() : pairs)) {
      System.out.println(line);
    }
  }

  /**
   * Checks each {@code {engine, model}} pair on 1 thread, then, for models without Dropout, that every
   * engine's losses equal the first engine's within {@link #AGREEMENT} at every step.
   *
   * @return one line per pair: first and last losses and the window means
   * @throws IllegalStateException naming the pair and its losses when the loss does not decrease or
   *     the engines disagree
   */
  public static List<String> run(List<String[]> pairs) {
    List<String> lines = new ArrayList<>();
    Map<String, double[]> firstByModel = new LinkedHashMap<>();
    Map<String, String> firstEngine = new LinkedHashMap<>();
    for (String[] p : pairs) {
      PeerModel model = PeerModel.of(p[1]);
      double[] loss = new double[STEPS];
      String line = check(p[0], model, loss);
      if (model == PeerModel.SEED) {
        lines.add(line); // Dropout masks differ between engines
        continue;
      }
      double[] ref = firstByModel.putIfAbsent(model.id(), loss);
      if (ref == null) {
        firstEngine.put(model.id(), p[0]);
        lines.add(line);
        continue;
      }
      double worst = 0;
      for (int s = 0; s < STEPS; s++) {
        worst = Math.max(worst, Math.abs(loss[s] - ref[s]));
        if (!(Math.abs(loss[s] - ref[s]) <= AGREEMENT)) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "training check %s: %s's loss after %d steps is %.6f, %s's %.6f (allowed difference %.0e):"
                  + " the engines do not train the same computation", model.id(), p[0], s, loss[s],
              firstEngine.get(model.id()), ref[s], AGREEMENT));
        }
      }
      lines.add(line + String.format(Locale.ROOT, "; largest difference from %s's losses %.1e",
          firstEngine.get(model.id()), worst));
    }
    return lines;
  }

  /** One pair (see the class comment), its {@value #STEPS} losses into {@code loss}. */
  public static String check(String engine, PeerModel model, double[] loss) {
    float[][] x = Inputs.uniform(TrainingBench.BATCH, model.inputSize(), 100);
    float[][] y = Inputs.oneHot(TrainingBench.BATCH, model.outputSize(), 200);
    try (TrainingEngine t = Engines.training(engine, model, 1)) {
      if (t instanceof InferenceEngine e) { // same weights as the peers before training
        Reference.check(e, model.weights());
      }
      for (int s = 0; s < STEPS; s++) {
        loss[s] = t.step(x, y);
      }
    }
    double first = 0;
    double last = 0;
    for (int s = 0; s < WINDOW; s++) {
      first += loss[s] / WINDOW;
      last += loss[STEPS - WINDOW + s] / WINDOW;
    }
    StringBuilder all = new StringBuilder();
    for (double l : loss) {
      all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", l));
    }
    String line = String.format(Locale.ROOT,
        "training check %s %s: loss %.4f -> %.4f over %d steps on one batch (means of %d: %.4f -> %.4f)",
        engine, model.id(), loss[0], loss[STEPS - 1], STEPS, WINDOW, first, last);
    if (!(last < first && loss[STEPS - 1] < loss[0])) {
      throw new IllegalStateException(line + ": the loss does not decrease; losses " + all);
    }
    return line;
  }
}
