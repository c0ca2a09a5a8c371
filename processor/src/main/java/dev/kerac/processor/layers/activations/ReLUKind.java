package dev.kerac.processor.layers.activations;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationLayerKind;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Map;

/** Keras {@code ReLU} layer: {@code relu(x, negative_slope, max_value, threshold)}, all ≥ 0. */
public final class ReLUKind extends ActivationLayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.activations.ReLU";
  }

  @Override
  public String kerasType() {
    return "ReLU";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    if (!Double.isNaN(a.getDouble("maxValue"))) {
      Checks.nonNegative(a, "maxValue", report);
    }
    Checks.nonNegative(a, "negativeSlope", report);
    Checks.nonNegative(a, "threshold", report);
  }

  @Override
  protected ActivationSpec spec(AnnotationReader a, Report report) {
    return ActivationSpec.of("RELU", Map.of(
        "negativeSlope", a.getDouble("negativeSlope"),
        "maxValue", a.getDouble("maxValue"),
        "threshold", a.getDouble("threshold")));
  }
}
