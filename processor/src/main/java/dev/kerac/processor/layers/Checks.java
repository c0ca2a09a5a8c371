package dev.kerac.processor.layers;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.read.AnnotationReader;

/** Checks shared by layer kinds, each reporting on the offending annotation value. */
public final class Checks {
  private Checks() {}

  public static boolean positive(AnnotationReader a, String attribute, Report report) {
    int v = a.getInt(attribute);
    if (v <= 0) {
      report.error(a.element(), a.mirror(), attribute, Message.VALUE_NOT_POSITIVE, a.simpleName(), attribute, v);
      return false;
    }
    return true;
  }

  public static boolean nonNegative(AnnotationReader a, String attribute, Report report) {
    double v = a.getDouble(attribute);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      report.error(a.element(), a.mirror(), attribute, Message.VALUE_NOT_FINITE, a.simpleName(), attribute, v);
      return false;
    }
    if (v < 0) {
      report.error(a.element(), a.mirror(), attribute, Message.VALUE_NEGATIVE, a.simpleName(), attribute, v);
      return false;
    }
    return true;
  }

  public static boolean finite(AnnotationReader a, String attribute, Report report) {
    double v = a.getDouble(attribute);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      report.error(a.element(), a.mirror(), attribute, Message.VALUE_NOT_FINITE, a.simpleName(), attribute, v);
      return false;
    }
    return true;
  }

  /** A {@code @Regularizer} attribute: both factors finite and ≥ 0. */
  public static boolean regularizer(AnnotationReader a, String attribute, Report report) {
    AnnotationReader r = a.getAnnotation(attribute);
    boolean ok = true;
    for (String f : new String[] {"l1", "l2"}) {
      double v = r.getDouble(f);
      if (!(v >= 0) || Double.isInfinite(v)) {
        report.error(a.element(), a.mirror(), attribute, Message.VALUE_NEGATIVE,
            a.simpleName() + "." + attribute, f, v);
        ok = false;
      }
    }
    return ok;
  }
}
