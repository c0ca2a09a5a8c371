package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The progress bar against the real Keras 3.15.1 fit logs in {@code src/test/resources/keras}.
 *
 * <p>Timings are not in the logs, only their rendering; the times fed here are ones that Keras
 * would render the same way (step 1 then the epoch end; the other steps come within 50 ms of step
 * 1, so Keras did not redraw for them, which the logs confirm). Metric values are the ones the logs
 * show; 0.40625 (13/32) is fed where Keras printed 0.4062, the tie Python rounds to even.
 */
class ProgressBarTest {

  /** A clock the test sets by hand. */
  static final class FakeClock implements LongSupplier {
    long now;

    void at(double seconds) {
      now = Math.round(seconds * 1e9);
    }

    @Override
    public long getAsLong() {
      return now;
    }
  }

  /** Log names and values written as {@code "loss=1.5 accuracy=0.25"}. */
  record Logs(String[] names, double[] values) {
    static Logs of(String text) {
      String[] parts = text.trim().split("\\s+");
      String[] names = new String[parts.length];
      double[] values = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        names[i] = parts[i].substring(0, eq);
        values[i] = Double.parseDouble(parts[i].substring(eq + 1));
      }
      return new Logs(names, values);
    }
  }

  /**
   * One epoch of a reference run: time of step 1 and of the epoch end (verbose=1), the epoch end's
   * time for the verbose=2 run, the logs after step 1 and at the end.
   */
  record Epoch(double t1, double tEnd, double tEndVerbose2, Logs first, Logs end) {
    static Epoch of(double t1, double tEnd, double tEndV2, String first, String end) {
      return new Epoch(t1, tEnd, tEndV2, Logs.of(first), Logs.of(end));
    }
  }

  record Run(String file, int steps, Epoch[] epochs) {}

  static final List<Run> RUNS =
      List.of(
          new Run("seed_mlp", 4, new Epoch[] {
            Epoch.of(0.556, 0.811, 0.628, "accuracy=0.0625 loss=2.4666",
                "accuracy=0.1296 loss=2.4445 val_accuracy=0 val_loss=2.4882"),
            Epoch.of(0.018, 0.081, 0.076, "accuracy=0.125 loss=2.4946",
                "accuracy=0.1296 loss=2.3999 val_accuracy=0 val_loss=2.4336")}),
          new Run("small_cnn", 3, new Epoch[] {
            Epoch.of(1.487, 1.513, 1.332, "accuracy=0.0625 loss=4.7167",
                "accuracy=0.075 loss=4.4221"),
            Epoch.of(0.020, 0.044, 0.048, "accuracy=0.5625 loss=1.1869",
                "accuracy=0.525 loss=1.3956")}),
          new Run("conv_variety", 4, new Epoch[] {
            Epoch.of(1.833, 1.863, 1.484, "accuracy=0.375 loss=1.0917",
                "accuracy=0.40625 loss=1.1036"),
            Epoch.of(0.020, 0.047, 0.044, "accuracy=0.375 loss=1.1159",
                "accuracy=0.40625 loss=1.0843")}),
          new Run("lstm_classifier", 4, new Epoch[] {
            // names given out of order: the bar sorts them as Keras' logs are sorted
            Epoch.of(1.583, 1.613, 1.608, "loss=1.3914 accuracy=0.1667",
                "loss=1.3840 accuracy=0.2708"),
            Epoch.of(0.035, 0.074, 0.048, "loss=1.3725 accuracy=0.25",
                "loss=1.3360 accuracy=0.4375")}),
          new Run("gru_classifier", 3, new Epoch[] {
            Epoch.of(1.250, 1.801, 2.766, "accuracy=0.375 loss=1.0629",
                "accuracy=0.3611 loss=1.0793 val_accuracy=0.5 val_loss=1.0841"),
            Epoch.of(0.031, 0.093, 0.114, "accuracy=0.5625 loss=0.9619",
                "accuracy=0.5278 loss=0.9905 val_accuracy=0.5 val_loss=1.0601")}),
          new Run("embedding_bilstm", 3, new Epoch[] {
            Epoch.of(2.750, 3.158, 2.976, "accuracy=0.5625 loss=0.6927",
                "accuracy=0.5278 loss=0.6929 val_accuracy=0.5 val_loss=0.6955"),
            Epoch.of(0.024, 0.090, 0.102, "accuracy=0.625 loss=0.6686",
                "accuracy=0.5556 loss=0.6779 val_accuracy=0.5 val_loss=0.7019")}),
          new Run("two_tower_functional", 4, new Epoch[] {
            Epoch.of(1.119, 1.380, 1.872,
                "loss=3.5157 value_out_mae=1.7523 class_out_accuracy=0.25 class_out_loss=1.5214"
                    + " value_out_loss=3.9887",
                "val_loss=1.9541 loss=2.3732 class_out_accuracy=0.3125 class_out_loss=1.3793"
                    + " value_out_loss=1.9878 value_out_mae=1.0984 val_class_out_accuracy=0.5"
                    + " val_class_out_loss=1.3163 val_value_out_loss=1.2757"
                    + " val_value_out_mae=0.9399"),
            Epoch.of(0.020, 0.083, 0.084,
                "loss=1.7895 value_out_mae=0.9289 class_out_accuracy=0.25 class_out_loss=1.1601"
                    + " value_out_loss=1.2588",
                "val_loss=1.9063 loss=1.6428 class_out_accuracy=0.375 class_out_loss=1.1252"
                    + " value_out_loss=1.0351 value_out_mae=0.8159 val_class_out_accuracy=0.5"
                    + " val_class_out_loss=1.3152 val_value_out_loss=1.1822"
                    + " val_value_out_mae=0.8521")}));

  static String resource(String name) {
    try (InputStream in = ProgressBarTest.class.getResourceAsStream("/keras/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource keras/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replays one reference fit (2 epochs) through a bar and returns what it printed. */
  static String replay(Run run, int verbose, boolean ansi) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    FakeClock clock = new FakeClock();
    ProgressBar bar = new ProgressBar(out, verbose, ansi, clock);
    for (int e = 0; e < run.epochs.length; e++) {
      Epoch ep = run.epochs[e];
      double origin = 1000.0 * (e + 1); // the clock's origin is arbitrary
      clock.at(origin);
      bar.epochBegin(e, run.epochs.length, run.steps);
      for (int step = 1; step <= run.steps; step++) {
        // step 1 at t1, the others 1 ms apart: within Keras' 50 ms redraw interval
        clock.at(origin + ep.t1 + 0.001 * (step - 1));
        bar.update(step, ep.first.names, ep.first.values);
      }
      clock.at(origin + (verbose == 2 ? ep.tEndVerbose2 : ep.tEnd));
      bar.epochEnd(ep.end.names, ep.end.values);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** What a terminal shows: styles dropped, \r and \b move the cursor, trailing spaces invisible. */
  static String terminal(String raw) {
    String plain = raw.replaceAll("\u001b\\[[0-9;]*m", "");
    StringBuilder screen = new StringBuilder();
    StringBuilder line = new StringBuilder();
    int col = 0;
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (c == '\n') {
        screen.append(line.toString().stripTrailing()).append('\n');
        line.setLength(0);
        col = 0;
      } else if (c == '\r') {
        col = 0;
      } else if (c == '\b') {
        col = Math.max(0, col - 1);
      } else {
        if (col < line.length()) {
          line.setCharAt(col, c);
        } else {
          line.append(c);
        }
        col++;
      }
    }
    return screen.append(line).toString();
  }

  @TestFactory
  Stream<DynamicTest> verbose1RawBytesWithAnsi() {
    return RUNS.stream()
        .map(r -> DynamicTest.dynamicTest(r.file, () ->
            assertEquals(resource(r.file + ".fit_verbose1.txt"), replay(r, 1, true))));
  }

  @TestFactory
  Stream<DynamicTest> verbose1WithoutAnsiIsTheSameWithoutStyles() {
    return RUNS.stream()
        .map(r -> DynamicTest.dynamicTest(r.file, () ->
            assertEquals(
                resource(r.file + ".fit_verbose1.txt").replaceAll("\u001b\\[[0-9]+m", ""),
                replay(r, 1, false))));
  }

  @TestFactory
  Stream<DynamicTest> verbose1AsATerminalShowsIt() {
    return RUNS.stream()
        .map(r -> DynamicTest.dynamicTest(r.file, () ->
            assertEquals(
                resource(r.file + ".fit_verbose1.rendered.txt"), terminal(replay(r, 1, true)))));
  }

  @TestFactory
  Stream<DynamicTest> verbose2OneLinePerEpoch() {
    return RUNS.stream()
        .map(r -> DynamicTest.dynamicTest(r.file, () ->
            assertEquals(resource(r.file + ".fit_verbose2.txt"), replay(r, 2, false))));
  }

  @Test
  void verbose0PrintsNothing() {
    assertEquals("", replay(RUNS.get(0), 0, true));
  }

  @Test
  void throttledStepsAreAveragedIntoTheNextRedraw() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    FakeClock clock = new FakeClock();
    ProgressBar bar = new ProgressBar(out, 1, false, clock);
    String[] names = {"loss"};
    clock.at(0);
    bar.epochBegin(0, 1, 10); // one epoch: no "Epoch 1/1" line
    clock.at(0.1);
    bar.update(1, names, new double[] {1.0});
    // step 1 took 0.1 s: ETA 9 × 0.1 = 0.9 s -> "0s"
    String first = "\r 1/10 ━━━━━━━━━━━━━━━━━━━━ 0s 100ms/step - loss: 1.0000";
    assertEquals(first, bytes.toString(StandardCharsets.UTF_8));
    clock.at(0.12);
    bar.update(2, names, new double[] {0.5}); // 20 ms after the last draw: no redraw
    assertEquals(first, bytes.toString(StandardCharsets.UTF_8));
    clock.at(0.2);
    bar.update(3, names, new double[] {0.3});
    // Shown: mean of the 3 values fed, (1 + 0.5 + 0.3) / 3 = 0.6; per step (0.2 - 0.1) / 2 = 50 ms
    // (step 1 excluded); ETA 7 × 0.05 = 0.35 s -> "0s". 3/10 of 20 cells = 6 done.
    String second = "\b".repeat(55) + "\r 3/10 ━━━━━━━━━━━━━━━━━━━━ 0s 50ms/step - loss: 0.6000";
    assertEquals(55, first.length() - 1); // the width erased is the first line's visible width
    assertEquals(first + second + " ", bytes.toString(StandardCharsets.UTF_8));
    clock.at(1.5);
    bar.epochEnd(names, new double[] {0.25});
    // Final: the given value, elapsed 1.5 s -> "2s" (ties to even), per step (1.5 - 0.1) / 9.
    String end = "\b".repeat(54) + "\r10/10 ━━━━━━━━━━━━━━━━━━━━ 2s 156ms/step - loss: 0.2500\n";
    assertEquals(first + second + " " + end, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void ansiMarksDoneAndRemainingParts() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    FakeClock clock = new FakeClock();
    ProgressBar bar = new ProgressBar(out, 1, true, clock);
    clock.at(0);
    bar.epochBegin(0, 1, 469);
    clock.at(0.012);
    bar.update(1, new String[0], new double[0]);
    // 1/469 of 20 cells: nothing done, so no green part; ETA 468 × 12 ms = 5.6 s.
    assertEquals(
        "\r\u001b[1m  1/469\u001b[0m \u001b[37m" + "━".repeat(20) + "\u001b[0m \u001b[1m5s\u001b[0m"
            + " 12ms/step",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownStepCountIsLearntAtTheFirstEpochEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    FakeClock clock = new FakeClock();
    ProgressBar bar = new ProgressBar(out, 1, false, clock);
    String[] names = {"loss"};
    clock.at(0);
    bar.epochBegin(0, 2, ProgressBar.UNKNOWN_STEPS);
    clock.at(0.25);
    bar.update(1, names, new double[] {2});
    clock.at(0.26);
    bar.update(2, names, new double[] {1});
    clock.at(0.3);
    bar.epochEnd(names, new double[] {1.5});
    String line1 = "\r      1/Unknown 0s 250ms/step - loss: 2.0000"; // counter %7d, elapsed, no bar
    // The end learns 2 steps; per step (0.3 - 0.25) / 1 = 50 ms.
    String line2 = "\b".repeat(44) + "\r2/2 ━━━━━━━━━━━━━━━━━━━━ 0s 50ms/step - loss: 1.5000\n";
    assertEquals("Epoch 1/2\n" + line1 + line2, bytes.toString(StandardCharsets.UTF_8));
    bytes.reset();
    clock.at(10);
    bar.epochBegin(1, 2, ProgressBar.UNKNOWN_STEPS);
    clock.at(10.5);
    bar.update(1, names, new double[] {1});
    // Now 2 steps are known: a bar with ETA 1 × 0.5 s.
    assertEquals(
        "Epoch 2/2\n\r1/2 ━━━━━━━━━━━━━━━━━━━━ 0s 500ms/step - loss: 1.0000",
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void valueFormatsAsInTheLogs() {
    assertEquals("0.6895", ProgressBar.formatValue(0.6895));
    assertEquals("0.4062", ProgressBar.formatValue(0.40625)); // tie: Python rounds to even
    assertEquals("0.4375", ProgressBar.formatValue(0.4375));
    assertEquals("0.0000e+00", ProgressBar.formatValue(0.0));
    assertEquals("-0.0000e+00", ProgressBar.formatValue(-0.0));
    assertEquals("8.1234e-04", ProgressBar.formatValue(8.1234e-04));
    assertEquals("1.0000e-03", ProgressBar.formatValue(1e-3)); // not > 1e-3
    assertEquals("1.0000e-05", ProgressBar.formatValue(0.0000099999999));
    assertEquals("1.2346e-10", ProgressBar.formatValue(1.23456e-10));
    assertEquals("1234.5678", ProgressBar.formatValue(1234.5678));
    assertEquals("-0.5000", ProgressBar.formatValue(-0.5));
    assertEquals("-5.0000e-01", ProgressBar.formatValueVerbose2(-0.5));
    assertEquals("0.5000", ProgressBar.formatValueVerbose2(0.5));
    assertEquals("nan", ProgressBar.formatValue(Double.NaN));
    assertEquals("inf", ProgressBar.formatValue(Double.POSITIVE_INFINITY));
    assertEquals("-inf", ProgressBar.formatValueVerbose2(Double.NEGATIVE_INFINITY));
  }

  @Test
  void timesFormatAsInTheLogs() {
    assertEquals("2ms/step", ProgressBar.formatStepTime(0.002));
    assertEquals("85ms/step", ProgressBar.formatStepTime(0.085));
    assertEquals("1s/step", ProgressBar.formatStepTime(1.2));
    assertEquals("2s/step", ProgressBar.formatStepTime(1.5)); // ties to even
    assertEquals("2s/step", ProgressBar.formatStepTime(2.5));
    assertEquals("0s/step", ProgressBar.formatStepTime(0));
    assertEquals("950us/step", ProgressBar.formatStepTime(0.00095));
    assertEquals("1000ms/step", ProgressBar.formatStepTime(0.9996)); // below 1 s: still ms
    assertEquals("5s", ProgressBar.formatEta(5.4));
    assertEquals("59s", ProgressBar.formatEta(59.99));
    assertEquals("60s", ProgressBar.formatEta(60)); // not above a minute
    assertEquals("1:01", ProgressBar.formatEta(61.5));
    assertEquals("60:00", ProgressBar.formatEta(3600));
    assertEquals("1:02:05", ProgressBar.formatEta(3725.9));
    assertEquals("0s", ProgressBar.formatEta(0.35));
  }

  @Test
  void badUseIsRejected() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    FakeClock clock = new FakeClock();
    assertThrows(IllegalArgumentException.class, () -> new ProgressBar(out, 3, false, clock));
    assertThrows(IllegalArgumentException.class, () -> new ProgressBar(null, 1, false, clock));
    ProgressBar bar = new ProgressBar(out, 1, false, clock);
    assertThrows(IllegalStateException.class,
        () -> bar.update(1, new String[] {"loss"}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> bar.epochBegin(2, 2, 10));
    assertThrows(IllegalArgumentException.class, () -> bar.epochBegin(0, 2, 0));
    bar.epochBegin(0, 2, 10);
    assertThrows(IllegalArgumentException.class,
        () -> bar.update(1, new String[] {"loss"}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> bar.update(1, new String[] {"loss", "loss"}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> bar.update(0, new String[] {"loss"}, new double[] {1}));
  }

  @Test
  void historyKeepsKeysSortedAndValuesPerEpoch() {
    History h = new History();
    h.onEpochEnd(0, new String[] {"val_loss", "loss", "accuracy", "val_accuracy"},
        new double[] {0.9, 1.0, 0.5, 0.4});
    h.onEpochEnd(1, new String[] {"val_loss", "loss", "accuracy", "val_accuracy", "learning_rate"},
        new double[] {0.7, 0.8, 0.6, 0.45, 0.001});
    assertEquals(List.of(0, 1), h.epoch());
    assertEquals(
        List.of("accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"),
        new ArrayList<>(h.history().keySet()));
    assertEquals(List.of(1.0, 0.8), h.history().get("loss"));
    assertEquals(0.7, h.last("val_loss"));
    assertEquals(1, h.get("learning_rate").length); // first logged in epoch 1, as in Keras
    assertThrows(IllegalArgumentException.class, () -> h.get("mae"));
    assertThrows(UnsupportedOperationException.class, () -> h.history().clear());
  }
}
