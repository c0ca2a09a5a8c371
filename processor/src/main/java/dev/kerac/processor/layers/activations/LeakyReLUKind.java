package dev.kerac.processor.layers.activations;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationLayerKind;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Map;

/** Keras {@code LeakyReLU} layer (default slope 0.3, unlike the function's 0.2). */
public final class LeakyReLUKind extends ActivationLayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.activations.LeakyReLU";
  }

  @Override
  public String kerasType() {
    return "LeakyReLU";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Checks.nonNegative(a, "negativeSlope", report);
  }

  @Override
  protected ActivationSpec spec(AnnotationReader a, Report report) {
    return ActivationSpec.of("LEAKY_RELU", Map.of("negativeSlope", a.getDouble("negativeSlope")));
  }
}
