package dev.kerac.runtime.train;

/**
 * The loss became NaN or infinite during {@code fit}. The offending step was not applied: the weights
 * and optimizer state are those from before it.
 */
public final class NonFiniteLossException extends RuntimeException {
  private final int epoch;
  private final int step;

  public NonFiniteLossException(int epoch, int step, double loss) {
    super("loss is " + loss + " at epoch " + (epoch + 1) + ", step " + (step + 1)
        + "; the step was not applied, the weights are those from before it. Check the inputs and "
        + "targets for NaN/Inf and consider a lower learning rate or gradient clipping");
    this.epoch = epoch;
    this.step = step;
  }

  /** The 0-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** The 0-based step within the epoch. */
  public int step() {
    return step;
  }
}
