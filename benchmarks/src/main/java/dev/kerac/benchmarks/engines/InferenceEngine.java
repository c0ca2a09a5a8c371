package dev.kerac.benchmarks.engines;

/**
 * One model loaded into one engine, used the way a Java caller would: Java arrays in, Java arrays out,
 * copies into and out of the engine's own tensors included in every call.
 *
 * <pre>{@code
 * try (InferenceEngine e = Engines.inference("onnx", PeerModel.SEED, 2)) {
 *   e.predict(image, probs);                 // one sample
 *   e.predictBatch(images, 64, probRows);    // rows [0, 64)
 * }
 * }</pre>
 */
public interface InferenceEngine extends AutoCloseable {

  /** The engine's short name and thread count, e.g. {@code onnx(2 threads)}. */
  String name();

  /** One sample in, one sample's outputs out. */
  void predict(float[] in, float[] out);

  /**
   * Rows {@code x[0..batch)} in, rows {@code out[0..batch)} out. Engines size their buffers for the
   * largest batch seen; timing loops always pass the same size.
   */
  void predictBatch(float[][] x, int batch, float[][] out);

  @Override
  void close();
}
