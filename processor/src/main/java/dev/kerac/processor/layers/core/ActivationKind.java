package dev.kerac.processor.layers.core;

import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.ActivationLayerKind;
import dev.kerac.processor.layers.ActivationSpec;
import dev.kerac.processor.read.AnnotationReader;

/** Keras {@code Activation}: any activation function, with its optional arguments. */
public final class ActivationKind extends ActivationLayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.core.Activation";
  }

  @Override
  public String kerasType() {
    return "Activation";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    ActivationSpec.read(a, report);
  }

  @Override
  protected ActivationSpec spec(AnnotationReader a, Report report) {
    return ActivationSpec.read(a, report == null ? Report.silent() : report);
  }
}
