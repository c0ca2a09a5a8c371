package dev.kerac.processor.layers.convolution;

/**
 * Keras {@code Conv2D}: {@code (H, W, C) -> (H', W', filters)}, kernel {@code [kh, kw, C/groups, filters]}.
 * See {@link StandardConvKind} for the loops.
 */
public final class Conv2DKind extends StandardConvKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.convolution.Conv2D";
  }

  @Override
  public String kerasType() {
    return "Conv2D";
  }

  @Override
  int rank() {
    return 2;
  }
}
