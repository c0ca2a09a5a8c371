package dev.kerac.runtime.model;

import dev.kerac.runtime.kernels.Workers;
import java.util.List;

/**
 * The computation a generated model class provides: forward and backward passes specialized to the
 * model's shapes, over buffers allocated once at construction for at most {@link #capacity()} samples.
 *
 * <p>Samples are rows: {@code x[b]} holds sample {@code b} flattened in row-major (Keras) order. After
 * construction and warm-up none of these methods allocates.
 */
public interface Network {

  /** The model's name (Keras: {@code sequential} unless named). */
  String name();

  /** Input shape without the batch axis. */
  int[] inputShape();

  /** Output shape without the batch axis. */
  int[] outputShape();

  /** Elements per input sample. */
  int inputSize();

  /** Elements per output sample. */
  int outputSize();

  /** The largest batch the buffers hold. */
  int capacity();

  /** Grows the per-sample buffers to hold {@code capacity} samples (never shrinks); allocates. */
  void ensureCapacity(int capacity);

  /**
   * Splits the work of each pass over {@code threads} threads, the calling one included, in [1, 64]
   * (default: the system property {@code kerac.threads}, else 1). Results are the same for any count.
   * Creates or stops threads: call it when setting the model up, not per prediction. A network that
   * cannot split its work accepts only 1.
   *
   * @throws IllegalArgumentException when {@code threads} is out of range
   */
  default void threads(int threads) {
    if (threads != 1) {
      throw new IllegalArgumentException(name() + " runs on 1 thread only, got threads=" + threads);
    }
  }

  /** The number of threads passes run on (see {@link #threads(int)}). */
  default int threads() {
    return 1;
  }

  /**
   * The threads passes run on, which the training step also splits the optimizer's update over;
   * {@code null} (the default) runs it on the calling thread.
   */
  default Workers workers() {
    return null;
  }

  /** Every weight in Keras order: layer by layer, own trainable then own non-trainable. */
  List<Parameter> parameters();

  /** The layers in order, for {@code summary()}. */
  List<LayerInfo> layers();

  /** A digest of the architecture (layer kinds, names, shapes); weight files must match it. */
  String fingerprint();

  /** The Keras name of the final layer's activation ({@code softmax}, {@code sigmoid}, {@code linear}...). */
  String outputActivation();

  /**
   * Runs the model on {@code x[0..batch)}. In training mode Dropout drops and BatchNormalization uses
   * batch statistics; in inference mode both are deterministic.
   *
   * @throws IllegalArgumentException on null, short rows or a batch outside [1, capacity]
   */
  void forward(float[][] x, int batch, boolean training);

  /**
   * The sum of the layers' activity-regularizer penalties from the last {@link #forward} (Keras adds
   * them to the loss), 0 when no layer has one.
   */
  default double activityPenalty() {
    return 0;
  }

  /** Rows of the last {@link #forward} output; rows {@code [0, batch)} are valid. */
  float[][] output();

  /**
   * Back-propagates {@code dy} (the loss gradient with respect to {@link #output()}) through the last
   * forward pass. Overwrites every trainable parameter's gradient and {@link #inputGradient()}.
   */
  void backward(float[][] dy, int batch);

  /**
   * As {@link #backward}, but {@code dz} is the gradient with respect to the final layer's
   * pre-activation (logits): used for the fused softmax/sigmoid + crossentropy path.
   */
  void backwardFromLogits(float[][] dz, int batch);

  /**
   * The backward pass of a training step: {@link #backward} ({@code fromLogits} false) or
   * {@link #backwardFromLogits} (true), but the input gradient may be left uncomputed, since updating
   * weights does not need it.
   */
  default void backwardForTraining(float[][] gradient, int batch, boolean fromLogits) {
    if (fromLogits) {
      backwardFromLogits(gradient, batch);
    } else {
      backward(gradient, batch);
    }
  }

  /** Rows of the gradient with respect to the input of the last {@link #backward}. */
  float[][] inputGradient();

  /**
   * One sample in, one sample out, in inference mode.
   *
   * @throws IllegalArgumentException when an array is null or has the wrong length
   */
  void predict(float[] in, float[] out);
}
