package dev.kerac.processor.layers.pooling;

/**
 * Keras {@code GlobalMaxPooling1D}: the maximum of each channel over all steps
 * (see {@link GlobalPoolingKind}).
 */
public final class GlobalMaxPooling1DKind extends GlobalPoolingKind {

  public GlobalMaxPooling1DKind() {
    super(1, true);
  }

  @Override
  public String kerasType() {
    return "GlobalMaxPooling1D";
  }
}
