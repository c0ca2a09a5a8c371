package dev.kerac.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code fit} returns (Keras' {@code History} callback): the epochs run and, per log key, the
 * list of per-epoch values. Keys are kept in alphabetical order, as Keras' sorted logs give them:
 * {@code accuracy, loss, val_accuracy, val_loss}.
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(10).validationSplit(0.1));
 * double[] valLoss = h.get("val_loss");
 * System.out.println(h.epoch() + " " + h.history().keySet());
 * }</pre>
 */
public final class History {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> values = new TreeMap<>();

  /**
   * Records the logs of one finished epoch (Keras' {@code on_epoch_end}).
   *
   * @param epoch the 0-based epoch index
   * @throws IllegalArgumentException on null or mismatched arrays or a null name
   */
  public void onEpochEnd(int epoch, String[] names, double[] logs) {
    if (names == null || logs == null || names.length != logs.length) {
      throw new IllegalArgumentException(
          "expected one value per log name, got "
              + (names == null ? "null" : names.length + "") + " names and "
              + (logs == null ? "null" : logs.length + "") + " values");
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null) {
        throw new IllegalArgumentException("log name " + i + " is null in " + Arrays.toString(names));
      }
    }
    epochs.add(epoch);
    for (int i = 0; i < names.length; i++) {
      // A key first seen in a later epoch has a shorter list, as in Keras.
      values.computeIfAbsent(names[i], k -> new ArrayList<>()).add(logs[i]);
    }
  }

  /** The 0-based indices of the epochs run, in order. */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  /** Every key's per-epoch values, keys in alphabetical order (read-only view). */
  public Map<String, List<Double>> history() {
    return Collections.unmodifiableMap(values);
  }

  /**
   * The per-epoch values of one key.
   *
   * @throws IllegalArgumentException if the key was never logged (the message lists the known keys)
   */
  public double[] get(String key) {
    List<Double> list = values.get(key);
    if (list == null) {
      throw new IllegalArgumentException(
          "no history for '" + key + "'; recorded keys: " + values.keySet());
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The value of {@code key} at the last epoch that logged it. */
  public double last(String key) {
    double[] v = get(key);
    return v[v.length - 1];
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
