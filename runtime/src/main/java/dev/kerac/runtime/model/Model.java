package dev.kerac.runtime.model;

import dev.kerac.runtime.train.Trainer;

/**
 * A compiled model: the {@link Network} computation plus the Keras training API (compile, fit,
 * evaluate, predict, summary, weight files), which every generated class gets through its
 * {@link Trainer}.
 */
public interface Model extends Network {

  /** The training state of this model (compiled optimizer, loss and metrics). */
  Trainer trainer();
}
