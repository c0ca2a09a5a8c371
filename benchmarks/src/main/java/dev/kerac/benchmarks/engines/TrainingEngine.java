package dev.kerac.benchmarks.engines;

/**
 * A model being trained with Adam (learning rate 1e-3) on categorical crossentropy, one batch per
 * {@link #step}: forward in training mode (Dropout active), loss, backward, update.
 *
 * <pre>{@code
 * try (TrainingEngine t = Engines.training("dl4j", PeerModel.SEED, 1)) {
 *   double loss = t.step(x, y);   // x: 64 rows of 784, y: 64 one-hot rows of 10
 * }
 * }</pre>
 */
public interface TrainingEngine extends AutoCloseable {

  /** The engine's short name and thread count. */
  String name();

  /** One Adam step on the batch {@code x, y} (one-hot rows); returns the loss when cheap, else NaN. */
  double step(float[][] x, float[][] y);

  @Override
  void close();
}
