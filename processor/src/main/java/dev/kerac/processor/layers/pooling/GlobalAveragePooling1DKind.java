package dev.kerac.processor.layers.pooling;

/**
 * Keras {@code GlobalAveragePooling1D}: the mean of each channel over all steps
 * (see {@link GlobalPoolingKind}).
 */
public final class GlobalAveragePooling1DKind extends GlobalPoolingKind {

  public GlobalAveragePooling1DKind() {
    super(1, false);
  }

  @Override
  public String kerasType() {
    return "GlobalAveragePooling1D";
  }
}
