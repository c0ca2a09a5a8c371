package dev.kerac.processor.layers.pooling;

/** Keras {@code MaxPooling1D}: max pooling over 1 spatial axis (see {@link PoolingKind}). */
public final class MaxPooling1DKind extends PoolingKind {

  public MaxPooling1DKind() {
    super(1, true);
  }

  @Override
  public String kerasType() {
    return "MaxPooling1D";
  }
}
