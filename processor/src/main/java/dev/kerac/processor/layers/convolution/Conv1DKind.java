package dev.kerac.processor.layers.convolution;

/**
 * Keras {@code Conv1D}: {@code (L, C) -> (L', filters)}, kernel {@code [k, C/groups, filters]}; padding
 * VALID, SAME or CAUSAL (left padding only). Runs as a 2-D convolution of height 1 (see
 * {@link StandardConvKind}).
 */
public final class Conv1DKind extends StandardConvKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.convolution.Conv1D";
  }

  @Override
  public String kerasType() {
    return "Conv1D";
  }

  @Override
  int rank() {
    return 1;
  }
}
