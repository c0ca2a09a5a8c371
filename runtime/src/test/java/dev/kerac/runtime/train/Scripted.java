package dev.kerac.runtime.train;

import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers: callbacks that script log values and record weights, and a tiny fit setup. */
final class Scripted {
  private Scripted() {}

  /** Puts {@code values[epoch]} under {@code key} into the epoch logs (listed before the callback under test). */
  static final class Logs extends Callback {
    private final String key;
    private final double[] values;

    Logs(String key, double... values) {
      this.key = key;
      this.values = values;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      logs.put(key, values[epoch]);
    }
  }

  /** Copies the model's weights at every epoch end (index = epoch) and after every batch. */
  static final class Recorder extends Callback {
    final List<float[]> epochEnd = new ArrayList<>();
    final List<float[]> batchEnd = new ArrayList<>();
    private final LinearModel model;

    Recorder(LinearModel model) {
      this.model = model;
    }

    @Override
    public void onTrainBatchEnd(int step, double loss) {
      batchEnd.add(model.weights());
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      while (epochEnd.size() < epoch) {
        epochEnd.add(null);
      }
      epochEnd.add(model.weights());
    }
  }

  /** Throws at the start of epoch {@code epoch}, or after step {@code step} of it when step >= 0. */
  static final class Interrupt extends Callback {
    private final int epoch;
    private final int step;
    private int current;

    Interrupt(int epoch, int step) {
      this.epoch = epoch;
      this.step = step;
    }

    @Override
    public void onEpochBegin(int e) {
      current = e;
      if (e == epoch && step < 0) {
        throw new IllegalStateException("interrupted at epoch " + e);
      }
    }

    @Override
    public void onTrainBatchEnd(int s, double loss) {
      if (current == epoch && s == step) {
        throw new IllegalStateException("interrupted at epoch " + current + ", step " + s);
      }
    }
  }

  /** A linear 3 -> 1 model compiled with SGD(0.1) and MSE. */
  static LinearModel model() {
    LinearModel m = new LinearModel(3, 1, 7);
    m.compile(new SGD(0.1), Losses.MEAN_SQUARED_ERROR);
    return m;
  }

  /** Captures what fit and the callbacks print. */
  static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /** Silent fit options on 8 samples in one batch: {@code epochs} cheap epochs. */
  static Fit quiet(int epochs, Output out) {
    return Fit.epochs(epochs).batchSize(8).verbose(0).output(out.stream);
  }

  static final float[][][] DATA = LinearModel.data(8, 3);
}
