package dev.kerac.runtime.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the monitoring callbacks ({@link EarlyStopping}, {@link ModelCheckpoint},
 * {@link ReduceLROnPlateau}) share, as Keras' {@code MonitorCallback}: the {@code mode} argument, the
 * direction {@code "auto"} infers from the monitored name, and the improvement test.
 *
 * <pre>{@code
 * boolean max = Monitor.maximize("val_accuracy", "auto", "EarlyStopping");   // true
 * boolean better = Monitor.isImprovement(0.5, 0.6, 0.0, false);              // true: lower is better
 * }</pre>
 */
final class Monitor {
  private Monitor() {}

  // Names (lower case, underscores removed) whose larger values are better, as Keras' metrics with
  // _direction "up"; everything that names a loss or an error is better when smaller.
  private static final Set<String> UP = Set.of("acc", "auc", "precision", "recall", "cosinesimilarity");
  private static final Set<String> DOWN = Set.of("loss", "mse", "mae", "mape", "msle", "rmse",
      "poisson", "kld", "kldivergence", "kullbackleiblerdivergence", "logcosh", "huber", "hinge",
      "squaredhinge", "categoricalhinge", "bce", "ce");

  /**
   * Checks a Keras {@code mode} argument.
   *
   * @throws IllegalArgumentException unless it is {@code "auto"}, {@code "min"} or {@code "max"}
   */
  static String checkMode(String mode) {
    if (!"auto".equals(mode) && !"min".equals(mode) && !"max".equals(mode)) {
      throw new IllegalArgumentException("mode must be \"auto\", \"min\" or \"max\", got "
          + (mode == null ? "null" : "\"" + mode + "\""));
    }
    return mode;
  }

  /** Checks a {@code monitor} argument: a non-empty log key. */
  static String checkMonitor(String monitor) {
    if (monitor == null || monitor.isEmpty()) {
      throw new IllegalArgumentException("monitor must be a log key such as \"val_loss\", got "
          + (monitor == null ? "null" : "\"\""));
    }
    return monitor;
  }

  /**
   * Whether larger values of {@code monitor} are better. {@code "auto"} looks at the name without a
   * {@code val_} prefix: {@code loss} and loss/error metrics ({@code mse}, {@code mean_absolute_error},
   * {@code *_crossentropy}, ...) are minimized; accuracies, {@code auc}, {@code precision},
   * {@code recall} and {@code cosine_similarity} are maximized.
   *
   * @throws IllegalArgumentException when {@code "auto"} cannot tell (Keras' message)
   */
  static boolean maximize(String monitor, String mode, String callback) {
    if ("min".equals(mode)) {
      return false;
    }
    if ("max".equals(mode)) {
      return true;
    }
    String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
    String key = name.toLowerCase(Locale.ROOT).replace("_", "");
    if (UP.contains(key) || key.contains("accuracy")) {
      return true;
    }
    if (DOWN.contains(key) || key.endsWith("error") || key.endsWith("loss")
        || key.contains("crossentropy")) {
      return false;
    }
    throw new IllegalArgumentException(callback + " callback received monitor=" + monitor
        + ", but it cannot automatically determine whether that metric should be maximized or "
        + "minimized. Pass mode(\"max\") in order to monitor based on the highest metric value, or "
        + "mode(\"min\") in order to use the lowest value.");
  }

  /**
   * Keras' {@code _is_improvement}: {@code current} beats {@code reference} by more than
   * {@code minDelta >= 0} in the monitored direction. As Keras' {@code ops.less}/{@code ops.greater}
   * on Python floats, both sides are compared as float32, after {@code minDelta} is applied in double.
   * NaN never improves.
   */
  static boolean isImprovement(double current, double reference, double minDelta, boolean maximize) {
    return maximize
        ? (float) (current - minDelta) > (float) reference
        : (float) (current + minDelta) < (float) reference;
  }

  /** The log keys joined as Keras lists them in its warnings ({@code loss,val_loss}). */
  static String keys(Map<String, Double> logs) {
    return String.join(",", logs.keySet());
  }

  /** Prints a warning line (Keras' {@code warnings.warn}) to the output of the running fit. */
  static void warn(Trainer trainer, String message) {
    output(trainer).println("Warning: " + message);
  }

  /** The stream callback messages go to: the fit output, or standard output outside of fit. */
  static PrintStream output(Trainer trainer) {
    return trainer == null ? System.out : trainer.output();
  }
}
