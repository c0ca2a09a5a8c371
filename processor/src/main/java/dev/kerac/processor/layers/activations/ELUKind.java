package dev.kerac.processor.layers.activations;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationLayerKind;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Map;

/** Keras {@code ELU} layer: {@code x} if {@code x > 0}, else {@code alpha * (exp(x) - 1)}. */
public final class ELUKind extends ActivationLayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.activations.ELU";
  }

  @Override
  public String kerasType() {
    return "ELU";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Checks.finite(a, "alpha", report);
  }

  @Override
  protected ActivationSpec spec(AnnotationReader a, Report report) {
    return ActivationSpec.of("ELU", Map.of("alpha", a.getDouble("alpha")));
  }
}
