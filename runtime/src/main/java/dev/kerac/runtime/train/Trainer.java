package dev.kerac.runtime.train;

import dev.kerac.runtime.model.Network;

/** The training state and loop of one model. */
public final class Trainer {
  private final Network network;

  public Trainer(Network network) {
    this.network = network;
  }

  public Network network() {
    return network;
  }
}
