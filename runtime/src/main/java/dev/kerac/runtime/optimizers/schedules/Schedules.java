package dev.kerac.runtime.optimizers.schedules;

/** Argument checks shared by the schedules. */
final class Schedules {
  private Schedules() {}

  static double finite(String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be finite, got " + v);
    }
    return v;
  }

  static double positive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite number > 0, got " + v);
    }
    return v;
  }
}
