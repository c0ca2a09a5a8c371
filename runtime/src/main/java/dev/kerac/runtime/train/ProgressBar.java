package dev.kerac.runtime.train;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code fit} prints, as Keras 3 prints it ({@code ProgbarLogger} + {@code Progbar}): the
 * {@code Epoch 1/5} header, then with {@code verbose=1} a bar redrawn in place and finished with the
 * epoch's line, or with {@code verbose=2} only that line; {@code verbose=0} prints nothing.
 *
 * <pre>
 * Epoch 1/2
 * 4/4 ━━━━━━━━━━━━━━━━━━━━ 1s 85ms/step - accuracy: 0.1296 - loss: 2.4445 - val_accuracy: 0.0000e+00 - val_loss: 2.4882
 * </pre>
 *
 * <p>Keras' behaviour, reproduced on purpose:
 *
 * <ul>
 *   <li>Each redraw is {@code \b} × (previous width), {@code \r}, then the new text, padded with
 *       spaces when shorter than the previous one; intermediate redraws come at most every 50 ms, the
 *       epoch's final line always.
 *   <li>Metric keys are shown in alphabetical order of the first batch's keys, keys first seen at the
 *       epoch's end ({@code val_*}) are appended; with {@code verbose=2} the epoch-end keys are all
 *       sorted together.
 *   <li>Intermediate redraws show the mean of the values given to every {@link #update} since the
 *       epoch began (Keras' Progbar averages the running means it is fed); the final line shows the
 *       epoch-end values as given.
 *   <li>The time per step excludes the first step (tracing, warm-up) once more than one is done.
 *   <li>Numbers are formatted as Python does ({@code %.4f}, {@code %.4e}, ties to even on the exact
 *       binary value).
 * </ul>
 *
 * Keras writes its ANSI styles (bold counter and time, green done part) unconditionally; here they
 * are a constructor flag, meant to be on only when the stream is a terminal.
 *
 * <pre>{@code
 * ProgressBar bar = new ProgressBar(System.out, 1);     // one per fit() call
 * String[] names = {"accuracy", "loss"};
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   bar.epochBegin(epoch, epochs, steps);
 *   for (int step = 1; step <= steps; step++) {
 *     ... train one batch, update running means ...
 *     bar.update(step, names, runningMeans);
 *   }
 *   bar.epochEnd(epochNames, epochValues);         // including val_* entries
 * }
 * }</pre>
 */
public final class ProgressBar {
  /** Pass as {@code steps} when the number of steps per epoch is not known in advance. */
  public static final int UNKNOWN_STEPS = -1;

  private static final int WIDTH = 20;
  private static final long INTERVAL_NANOS = 50_000_000L;
  private static final double NANOS = 1e9;
  private static final String BOLD = "\u001b[1m";
  private static final String GREEN = "\u001b[32m";
  private static final String GREY = "\u001b[37m";
  private static final String RESET = "\u001b[0m";
  private static final char GLYPH = '━';

  private final PrintStream out;
  private final int verbose;
  private final boolean ansi;
  private final LongSupplier clock;

  // Like Keras' ProgbarLogger: the step count survives epochs (learnt at the first epoch's end if
  // it was not known).
  private int target = UNKNOWN_STEPS;
  private int seen;
  private boolean inEpoch;

  // One Keras Progbar per epoch.
  private long start;
  private boolean drawn;
  private long lastDraw;
  private boolean firstStepDone;
  private long timeAfterFirstStep;
  private int prevWidth;
  private int seenSoFar;
  private final Map<String, Integer> slots = new HashMap<>();
  private String[] order = new String[8];
  private double[] sums = new double[8];
  private double[] counts = new double[8];
  private int size;
  private String[] cachedNames;
  private int[] cachedSlots;

  private final StringBuilder text = new StringBuilder(256);

  /**
   * @param out where to print (UTF-8 is needed for the bar glyph {@code ━})
   * @param verbose 0 (silent), 1 (live bar) or 2 (one line per epoch)
   * @param ansi whether to write Keras' ANSI styles (bold, green, grey); use it for terminals only
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}); tests inject a fake
   * @throws IllegalArgumentException on a null stream or clock, or a verbosity other than 0, 1, 2
   */
  public ProgressBar(PrintStream out, int verbose, boolean ansi, LongSupplier nanoClock) {
    if (out == null || nanoClock == null) {
      throw new IllegalArgumentException(
          "expected a stream and a clock, got " + out + " and " + nanoClock);
    }
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
    }
    this.out = out;
    this.verbose = verbose;
    this.ansi = ansi;
    this.clock = nanoClock;
  }

  /**
   * A bar on {@code out} timed by {@link System#nanoTime()}, with colours when this JVM runs in a
   * terminal ({@code System.console() != null}) and {@code out} is {@link System#out}.
   */
  public ProgressBar(PrintStream out, int verbose) {
    this(out, verbose, out == System.out && System.console() != null, System::nanoTime);
  }

  public int verbose() {
    return verbose;
  }

  /**
   * Starts an epoch (Keras' {@code on_epoch_begin}): prints {@code Epoch {epoch+1}/{epochs}} when
   * there is more than one epoch and verbose is not 0, and starts the epoch's clock.
   *
   * @param epoch the 0-based epoch index
   * @param epochs the total number of epochs
   * @param steps batches in this epoch, or {@link #UNKNOWN_STEPS} (then the first epoch's count is
   *     used from the second epoch on, as Keras does)
   */
  public void epochBegin(int epoch, int epochs, int steps) {
    if (epochs < 1 || epoch < 0 || epoch >= epochs) {
      throw new IllegalArgumentException(
          "expected 0 <= epoch < epochs, got epoch=" + epoch + ", epochs=" + epochs);
    }
    if (steps == 0 || steps < UNKNOWN_STEPS) {
      throw new IllegalArgumentException(
          "steps must be positive or UNKNOWN_STEPS (-1), got " + steps);
    }
    if (steps > 0) {
      target = steps;
    }
    seen = 0;
    start = clock.getAsLong();
    drawn = false;
    firstStepDone = false;
    prevWidth = 0;
    seenSoFar = 0;
    slots.clear();
    size = 0;
    cachedNames = null;
    inEpoch = true;
    if (verbose != 0 && epochs > 1) {
      out.print("Epoch " + (epoch + 1) + "/" + epochs + "\n");
      out.flush();
    }
  }

  /**
   * Reports the end of batch {@code step} (1-based: the number of batches done in this epoch) with
   * the logs of that moment, normally the running means of loss and metrics. With {@code verbose=1}
   * this may redraw the bar; otherwise it only counts the step. Allocates nothing unless it draws or
   * the names differ from the previous call's.
   *
   * @throws IllegalArgumentException on null or mismatched arrays, duplicate names, or {@code step < 1}
   * @throws IllegalStateException before {@link #epochBegin}
   */
  public void update(int step, String[] names, double[] values) {
    checkLogs(names, values);
    if (step < 1) {
      throw new IllegalArgumentException("step is 1-based, got " + step);
    }
    if (!inEpoch) {
      throw new IllegalStateException("update(" + step + ") outside an epoch: call epochBegin first");
    }
    seen = step;
    if (verbose != 1) {
      return; // Keras feeds the bar per batch only at verbose=1
    }
    long now = clock.getAsLong();
    accumulate(step, names, values, false);
    double perStep = stepDuration(step, now);
    if (drawn && now - lastDraw < INTERVAL_NANOS) {
      return;
    }
    draw(step, false, now, perStep);
  }

  /**
   * Ends the epoch (Keras' {@code on_epoch_end}) with the epoch's logs, validation entries included:
   * draws the final bar line ({@code verbose=1}) or prints the epoch line ({@code verbose=2}).
   *
   * @throws IllegalArgumentException on null or mismatched arrays or duplicate names
   * @throws IllegalStateException before {@link #epochBegin}
   */
  public void epochEnd(String[] names, double[] values) {
    checkLogs(names, values);
    if (!inEpoch) {
      throw new IllegalStateException("epochEnd outside an epoch: call epochBegin first");
    }
    inEpoch = false;
    if (verbose == 0) {
      return;
    }
    long now = clock.getAsLong();
    if (target <= 0) {
      target = seen;
    }
    accumulate(target, names, values, true);
    double perStep = stepDuration(target, now);
    if (verbose == 1) {
      draw(target, true, now, perStep);
    } else if (target > 0) {
      StringBuilder sb = text;
      sb.setLength(0);
      counter(sb, target);
      sb.append(" - ").append(fixed((now - start) / NANOS, 0)).append("s - ");
      sb.append(formatStepTime(perStep));
      for (int i = 0; i < size; i++) {
        sb.append(" - ").append(order[i]).append(": ");
        sb.append(formatValueVerbose2(sums[i] / Math.max(1, counts[i])));
      }
      sb.append('\n');
      out.print(sb);
      out.flush();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkLogs(String[] names, double[] values) {
    if (names == null || values == null || names.length != values.length) {
      throw new IllegalArgumentException(
          "expected one value per metric name, got "
              + (names == null ? "null" : names.length + "") + " names and "
              + (values == null ? "null" : values.length + "") + " values");
    }
  }

  /** Keras' Progbar value bookkeeping: running sums weighted by steps, replaced at finalize. */
  private void accumulate(int current, String[] names, double[] values, boolean finalize) {
    int[] map = slotsFor(names);
    int base = Math.max(current - seenSoFar, 1);
    for (int i = 0; i < map.length; i++) {
      int s = map[i];
      double v = values[i];
      if (finalize) {
        sums[s] = v;
        counts[s] = 1;
      } else if (counts[s] == 0) {
        sums[s] = v * base;
        counts[s] = base;
      } else {
        sums[s] += v * base;
        counts[s] += base;
      }
    }
    seenSoFar = current;
  }

  /** Slot of each name; new names join the display order alphabetically. Cached per name list. */
  private int[] slotsFor(String[] names) {
    if (cachedNames != null && cachedNames.length == names.length) {
      boolean same = true;
      for (int i = 0; i < names.length && same; i++) {
        same = cachedNames[i].equals(names[i]);
      }
      if (same) {
        return cachedSlots;
      }
    }
    String[] sorted = names.clone();
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] == null) {
        throw new IllegalArgumentException("metric name " + i + " is null");
      }
    }
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i].equals(sorted[i - 1])) {
        throw new IllegalArgumentException(
            "metric names must be unique, got '" + sorted[i] + "' twice in "
                + Arrays.toString(names));
      }
    }
    for (String name : sorted) {
      if (!slots.containsKey(name)) {
        if (size == order.length) {
          order = Arrays.copyOf(order, size * 2);
          sums = Arrays.copyOf(sums, size * 2);
          counts = Arrays.copyOf(counts, size * 2);
        }
        order[size] = name;
        sums[size] = 0;
        counts[size] = 0;
        slots.put(name, size++);
      }
    }
    int[] map = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      map[i] = slots.get(names[i]);
    }
    cachedNames = names.clone();
    cachedSlots = map;
    return map;
  }

  /** Keras' estimate: seconds per step, excluding the first step once it is known. */
  private double stepDuration(int current, long now) {
    if (current == 0) {
      return 0;
    }
    double perStep;
    if (firstStepDone && current > 1) {
      perStep = (now - timeAfterFirstStep) / NANOS / (current - 1);
    } else {
      perStep = (now - start) / NANOS / current;
    }
    if (current == 1) {
      timeAfterFirstStep = now;
      firstStepDone = true;
    }
    return perStep;
  }

  private void draw(int current, boolean finalize, long now, double perStep) {
    StringBuilder sb = text;
    sb.setLength(0);
    for (int i = 0; i < prevWidth; i++) {
      sb.append('\b');
    }
    sb.append('\r');
    int visibleFrom = sb.length();
    int hidden = 0; // characters of ANSI codes, not visible
    if (target > 0) {
      hidden += style(sb, BOLD);
      counter(sb, current);
      hidden += style(sb, RESET);
      sb.append(' ');
      int done = (int) (WIDTH * ((double) current / target));
      if (done > 0) {
        hidden += style(sb, GREEN);
        repeat(sb, GLYPH, done);
        hidden += style(sb, RESET);
      }
      hidden += style(sb, GREY);
      repeat(sb, GLYPH, WIDTH - done);
      hidden += style(sb, RESET);
    } else {
      sb.append(String.format(Locale.ROOT, "%7d/Unknown", current));
    }
    sb.append(' ');
    hidden += style(sb, BOLD);
    if (target > 0 && !finalize) {
      sb.append(formatEta(perStep * (target - current)));
    } else {
      sb.append(fixed((now - start) / NANOS, 0)).append('s');
    }
    hidden += style(sb, RESET);
    sb.append(' ').append(formatStepTime(perStep));
    for (int i = 0; i < size; i++) {
      sb.append(" - ").append(order[i]).append(": ");
      sb.append(formatValue(sums[i] / Math.max(1, counts[i])));
    }
    int width = sb.length() - visibleFrom - hidden;
    repeat(sb, ' ', prevWidth - width);
    if (finalize) {
      sb.append('\n');
    }
    out.print(sb);
    out.flush();
    prevWidth = width;
    drawn = true;
    lastDraw = now;
  }

  private int style(StringBuilder sb, String code) {
    if (!ansi) {
      return 0;
    }
    sb.append(code);
    return code.length();
  }

  /** {@code current} right-aligned to the width of {@code target}, then {@code /target}. */
  private void counter(StringBuilder sb, int current) {
    int digits = Integer.toString(target).length();
    String c = Integer.toString(current);
    repeat(sb, ' ', digits - c.length());
    sb.append(c).append('/').append(target);
  }

  private static void repeat(StringBuilder sb, char c, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(c);
    }
  }

  // --- Keras' number formats --------------------------------------------------------------------

  /**
   * A metric value on the bar ({@code verbose=1}): {@code %.4f} when {@code |v| > 1e-3}, else
   * {@code %.4e}; e.g. {@code 0.6895}, {@code 0.0000e+00}, {@code 8.1234e-04}.
   */
  public static String formatValue(double v) {
    return Math.abs(v) > 1e-3 ? fixed(v, 4) : exponent(v, 4);
  }

  /**
   * A metric value on a {@code verbose=2} line: as {@link #formatValue} but tested without the
   * absolute value, so negative values print in e-notation ({@code -5.0000e-01}).
   */
  public static String formatValueVerbose2(double v) {
    return v > 1e-3 ? fixed(v, 4) : exponent(v, 4);
  }

  /**
   * Average time per step: {@code 2s/step} from 1 s on (or exactly 0), {@code 85ms/step} from 1 ms,
   * else {@code 950us/step}.
   */
  public static String formatStepTime(double seconds) {
    if (seconds >= 1 || seconds == 0) {
      return fixed(seconds, 0) + "s/step";
    } else if (seconds >= 1e-3) {
      return fixed(seconds * 1000.0, 0) + "ms/step";
    }
    return fixed(seconds * 1000000.0, 0) + "us/step";
  }

  /** Remaining time of a running epoch: {@code 5s}, {@code 1:05} above a minute, {@code 1:00:05} above an hour. */
  public static String formatEta(double seconds) {
    if (seconds > 3600) {
      return (long) floorDiv(seconds, 3600) + ":" + twoDigits(floorDiv(seconds % 3600, 60)) + ":"
          + twoDigits(seconds % 60);
    } else if (seconds > 60) {
      return (long) floorDiv(seconds, 60) + ":" + twoDigits(seconds % 60);
    }
    return (long) seconds + "s";
  }

  private static String twoDigits(double x) {
    long v = (long) x; // Python's %02d truncates a float
    return v < 10 && v >= 0 ? "0" + v : Long.toString(v);
  }

  /** Python's float {@code //} for the non-negative values used here. */
  private static double floorDiv(double x, double y) {
    double mod = x % y;
    double div = (x - mod) / y;
    double floor = Math.floor(div);
    if (div - floor > 0.5) {
      floor += 1.0;
    }
    return floor;
  }

  /** Python's {@code f"{v:.{digits}f}"}: the exact binary value rounded half to even. */
  static String fixed(double v, int digits) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return negative(v) ? "-" + s : s;
  }

  /** Python's {@code f"{v:.{digits}e}"}: mantissa rounded half to even, exponent of 2+ digits. */
  static String exponent(double v, int digits) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String mantissa;
    int exp;
    if (v == 0) {
      mantissa = "0".repeat(digits + 1);
      exp = 0;
    } else {
      BigDecimal d =
          new BigDecimal(Math.abs(v)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
      String unscaled = d.unscaledValue().toString();
      exp = unscaled.length() - 1 - d.scale();
      mantissa = unscaled.length() > digits + 1
          ? unscaled.substring(0, digits + 1)
          : unscaled + "0".repeat(digits + 1 - unscaled.length());
    }
    StringBuilder sb = new StringBuilder(digits + 8);
    if (negative(v)) {
      sb.append('-');
    }
    sb.append(mantissa.charAt(0));
    if (digits > 0) {
      sb.append('.').append(mantissa, 1, digits + 1);
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      sb.append('0');
    }
    return sb.append(a).toString();
  }

  private static boolean negative(double v) {
    return v < 0 || (v == 0 && 1 / v < 0);
  }
}
