package dev.kerac.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.kerac.runtime.data.Dataset;
import dev.kerac.runtime.data.FashionMnist;
import dev.kerac.runtime.data.Preprocessing;
import dev.kerac.runtime.io.WeightsFileException;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.model.Parameter;
import dev.kerac.runtime.optimizers.Adam;
import dev.kerac.runtime.optimizers.SGD;
import dev.kerac.runtime.train.Fit;
import dev.kerac.runtime.train.History;
import dev.kerac.runtime.train.NonFiniteLossException;
import dev.kerac.runtime.train.TerminateOnNaN;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training runtime on the real seed model: allocation, determinism, bad input, weight files. */
class TrainingTest {
  static float[][] x;
  static float[][] y;

  @BeforeAll
  static void data() throws IOException {
    Dataset train = FashionMnist.embedded()[0].take(1000);
    x = train.x();
    y = Preprocessing.oneHot(train.y(), FashionMnist.CLASSES);
  }

  private static Kerac_SeedMlp compiled(long seed) {
    Kerac_SeedMlp m = SeedMlp.create(64, seed);
    m.compile(new Adam(1e-3), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    return m;
  }

  private static List<float[]> weights(Kerac_SeedMlp m) {
    List<float[]> w = new ArrayList<>();
    for (Parameter p : m.parameters()) {
      w.add(p.toArray());
    }
    return w;
  }

  @Test
  void theTrainingStepAllocatesNothing() {
    Kerac_SeedMlp m = compiled(1);
    float[][] bx = new float[64][];
    float[][] by = new float[64][];
    System.arraycopy(x, 0, bx, 0, 64);
    System.arraycopy(y, 0, by, 0, 64);
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 200; i++) {
      m.trainer().trainOnBatch(bx, by, null, 64);
    }
    // The least of five rounds: a per-step allocation shows in every round; the JVM occasionally
    // charges a one-off few hundred bytes of JIT bookkeeping to the running thread.
    long least = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = bean.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 20; i++) {
        m.trainer().trainOnBatch(bx, by, null, 64);
      }
      least = Math.min(least, bean.getCurrentThreadAllocatedBytes() - before);
    }
    assertEquals(0, least, "bytes allocated by 20 training steps");
  }

  @Test
  void aFixedSeedGivesBitIdenticalWeightsAfterAnEpoch() {
    Kerac_SeedMlp a = compiled(3);
    Kerac_SeedMlp b = compiled(3);
    a.fit(x, y, Fit.epochs(1).batchSize(32).seed(11).verbose(0));
    b.fit(x, y, Fit.epochs(1).batchSize(32).seed(11).verbose(0));
    List<float[]> wa = weights(a);
    List<float[]> wb = weights(b);
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(wa.get(i), wb.get(i), "parameter " + i);
    }
    assertTrue(wa.get(0)[0] != compiled(3).parameters().get(0).toArray()[0] || wa.get(0)[1] != 0,
        "training changed the weights");
  }

  @Test
  void fitReportsKerasLogsAndHistory() {
    Kerac_SeedMlp m = compiled(5);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    History h = m.fit(x, y, Fit.epochs(2).batchSize(100).validationSplit(0.2).verbose(2)
        .output(new PrintStream(text, true, StandardCharsets.UTF_8)));
    assertEquals(List.of(0, 1), h.epoch());
    assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), new ArrayList<>(h.history().keySet()));
    String out = text.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("Epoch 1/2\n8/8 - "), out);
    assertTrue(out.contains(" - accuracy: ") && out.contains(" - val_loss: "), out);
    assertTrue(h.last("loss") < h.get("loss")[0], "loss decreases: " + h.history());
  }

  @Test
  void nanInTheDataStopsWithAClearErrorAndKeepsTheWeights() {
    Kerac_SeedMlp m = compiled(9);
    float[][] bad = x.clone();
    bad[40] = x[40].clone();
    bad[40][100] = Float.NaN;
    m.fit(x, y, Fit.epochs(1).batchSize(32).shuffle(false).verbose(0));
    // Train on the bad data without shuffling: batch 2 (samples 32..63) holds the NaN.
    List<float[]> before = new ArrayList<>();
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> {
      Kerac_SeedMlp probe = m;
      probe.fit(bad, y, Fit.epochs(1).batchSize(32).shuffle(false).verbose(0).callbacks(
          new dev.kerac.runtime.train.Callback() {
            @Override
            public void onTrainBatchEnd(int step, double loss) {
              before.clear();
              before.addAll(weights(probe));
            }
          }));
    });
    assertEquals(1, e.step());
    assertTrue(e.getMessage().contains("loss is NaN at epoch 1, step 2"), e.getMessage());
    List<float[]> after = weights(m);
    for (int i = 0; i < after.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "weights changed by the rejected step");
    }
  }

  @Test
  void terminateOnNaNStopsCleanly() {
    Kerac_SeedMlp m = compiled(9);
    float[][] bad = x.clone();
    bad[0] = x[0].clone();
    bad[0][0] = Float.POSITIVE_INFINITY;
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    History h = m.fit(bad, y, Fit.epochs(3).batchSize(32).shuffle(false).verbose(0)
        .output(new PrintStream(text, true, StandardCharsets.UTF_8)).callbacks(new TerminateOnNaN()));
    assertEquals(List.of(0), h.epoch());
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("Batch 0: Invalid loss, terminating training"));
  }

  @Test
  void wrongDataShapesAreRejectedWithTheReason() {
    Kerac_SeedMlp m = compiled(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(x, new float[x.length][3], Fit.epochs(1)));
    assertTrue(e.getMessage().contains("y[0] has 3 values, expected 10"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(x, new float[5][10], Fit.epochs(1)));
    assertTrue(e.getMessage().contains("x has 1000 samples but y has 5"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> SeedMlp.create(4, 1).fit(x, y, Fit.epochs(1)));
    assertTrue(s.getMessage().contains("not compiled"), s.getMessage());
  }

  @Test
  void weightsAndOptimizerStateRoundTrip(@TempDir Path dir) throws IOException {
    Kerac_SeedMlp a = compiled(2);
    a.fit(x, y, Fit.epochs(1).batchSize(50).verbose(0));
    Path file = dir.resolve("mlp.weights");
    a.saveWeights(file);
    Kerac_SeedMlp b = compiled(77);
    b.loadWeights(file);
    List<float[]> wa = weights(a);
    List<float[]> wb = weights(b);
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(wa.get(i), wb.get(i));
    }
    assertEquals(a.trainer().optimizer().iterations(), b.trainer().optimizer().iterations());
    var slotsA = a.trainer().optimizer().variables();
    var slotsB = b.trainer().optimizer().variables();
    assertEquals(slotsA.size(), slotsB.size());
    for (int i = 0; i < slotsA.size(); i++) {
      assertEquals(slotsA.get(i).name(), slotsB.get(i).name());
      for (int r = 0; r < slotsA.get(i).rows().length; r++) {
        assertArrayEquals(slotsA.get(i).rows()[r], slotsB.get(i).rows()[r], slotsA.get(i).name());
      }
    }
  }

  @Test
  void aCorruptedOrForeignFileChangesNothing(@TempDir Path dir) throws IOException {
    Kerac_SeedMlp a = compiled(2);
    Path file = dir.resolve("mlp.weights");
    a.saveWeights(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Path corrupt = dir.resolve("corrupt.weights");
    Files.write(corrupt, bytes);
    Path truncated = dir.resolve("truncated.weights");
    Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(file), 1000));

    Kerac_SeedMlp b = compiled(99);
    List<float[]> before = weights(b);
    assertThrows(WeightsFileException.class, () -> b.loadWeights(corrupt));
    WeightsFileException t = assertThrows(WeightsFileException.class, () -> b.loadWeights(truncated));
    assertTrue(t.getMessage().contains("truncated"), t.getMessage());
    List<float[]> after = weights(b);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i));
    }
  }

  @Test
  void evaluateAndBatchedPredictAgreeWithSinglePredict() {
    Kerac_SeedMlp m = SeedMlp.create(16, 8);
    m.compile(new SGD(0.01), Losses.CATEGORICAL_CROSSENTROPY, "accuracy");
    float[][] batched = m.predict(java.util.Arrays.copyOf(x, 40));
    float[] one = new float[10];
    for (int i = 0; i < 40; i++) {
      m.predict(x[i], one);
      assertArrayEquals(one, batched[i], 1e-6f);
    }
    Map<String, Double> scores = m.evaluate(x, y);
    assertEquals(List.of("accuracy", "loss"), new ArrayList<>(scores.keySet()));
  }
}
