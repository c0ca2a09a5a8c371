package dev.kerac.processor.layers.pooling;

/** Keras {@code AveragePooling1D}: average pooling over 1 spatial axis (see {@link PoolingKind}). */
public final class AveragePooling1DKind extends PoolingKind {

  public AveragePooling1DKind() {
    super(1, false);
  }

  @Override
  public String kerasType() {
    return "AveragePooling1D";
  }
}
