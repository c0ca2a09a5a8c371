package dev.kerac.processor.layers;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/** Checks shared by layer kinds, each reporting on the offending annotation value. */
public final class Checks {
  private Checks() {}

  /**
   * Whether {@code input} has {@code spatialRank} spatial axes plus channels (channels last); if not,
   * reports it on the layer's annotation, with a hint to reshape a flat vector into an image.
   */
  public static boolean spatialInput(LayerNode layer, String kerasType, Shape input, int spatialRank,
      Report report) {
    if (input.rank() == spatialRank + 1) {
      return true;
    }
    AnnotationReader a = layer.annotation();
    String expected = spatialRank == 1 ? "2 (steps, channels)" : "3 (height, width, channels)";
    String hint = spatialRank == 2 && input.rank() == 1
        ? "; add @Reshape(targetShape = {height, width, channels}) before it" : "";
    report.error(a.element(), a.mirror(), Message.SHAPE_RANK, kerasType, layer.name(), expected, input, hint);
    return false;
  }

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
