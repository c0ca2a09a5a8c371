package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order in which fit calls user callbacks (KERAS_SEMANTICS.md §8.3), and TerminateOnNaN. */
class CallbackHooksTest {

  /** Records every hook as text. */
  private static final class Tracer extends Callback {
    private final String name;
    private final List<String> events;

    Tracer(String name, List<String> events) {
      this.name = name;
      this.events = events;
    }

    @Override
    public void onTrainBegin() {
      assertNotNull(trainer());
      events.add(name + " trainBegin");
    }

    @Override
    public void onEpochBegin(int epoch) {
      events.add(name + " epochBegin " + epoch);
    }

    @Override
    public void onTrainBatchEnd(int step, double loss) {
      events.add(name + " batchEnd " + step);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      events.add(name + " epochEnd " + epoch + " " + logs.keySet());
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
      events.add(name + " trainEnd " + logs.keySet());
    }
  }

  @Test
  void hooksComeInKerasOrderAndCallbacksInTheGivenOrder() {
    List<String> events = new ArrayList<>();
    LinearModel m = new LinearModel(3, 1, 7);
    m.compile(new SGD(0.1), Losses.MEAN_SQUARED_ERROR, "mae");
    float[][][] d = LinearModel.data(6, 1);
    // 6 samples in batches of 4: two steps per epoch; validation data adds the val_ keys.
    m.fit(d[0], d[1], Fit.epochs(2).batchSize(4).verbose(0).validationData(d[0], d[1])
        .callbacks(new Tracer("A", events), new Tracer("B", events)));
    String keys = "[loss, mae, val_loss, val_mae]";
    assertEquals(List.of(
        "A trainBegin", "B trainBegin",
        "A epochBegin 0", "B epochBegin 0",
        "A batchEnd 0", "B batchEnd 0", "A batchEnd 1", "B batchEnd 1",
        "A epochEnd 0 " + keys, "B epochEnd 0 " + keys,
        "A epochBegin 1", "B epochBegin 1",
        "A batchEnd 0", "B batchEnd 0", "A batchEnd 1", "B batchEnd 1",
        "A epochEnd 1 " + keys, "B epochEnd 1 " + keys,
        "A trainEnd " + keys, "B trainEnd " + keys), events);
  }

  @Test
  void initialEpochSetsTheFirstEpochIndex() {
    List<String> events = new ArrayList<>();
    LinearModel m = Scripted.model();
    History h = m.fit(Scripted.DATA[0], Scripted.DATA[1],
        Fit.epochs(3).initialEpoch(1).batchSize(8).verbose(0).callbacks(new Tracer("A", events)));
    assertEquals(List.of(1, 2), h.epoch());
    assertEquals("A epochBegin 1", events.get(1));
  }

  @Test
  void keysAddedByACallbackReachLaterCallbacksAndHistory() {
    List<String> events = new ArrayList<>();
    LinearModel m = Scripted.model();
    History h = m.fit(Scripted.DATA[0], Scripted.DATA[1], Scripted.quiet(2, new Scripted.Output())
        .callbacks(new LearningRateScheduler(epoch -> 0.05), new Tracer("A", events)));
    assertTrue(events.contains("A epochEnd 0 [learning_rate, loss]"), events.toString());
    assertEquals(List.of("learning_rate", "loss"), new ArrayList<>(h.history().keySet()));
    assertArrayEquals(new double[] {(float) 0.05, (float) 0.05}, h.get("learning_rate"));
  }

  @Test
  void stopTrainingFromABatchEndsTheEpochAndTheFit() {
    List<String> events = new ArrayList<>();
    Callback stopper = new Callback() {
      @Override
      public void onTrainBatchEnd(int step, double loss) {
        trainer().stopTraining();
      }
    };
    LinearModel m = Scripted.model();
    History h = m.fit(Scripted.DATA[0], Scripted.DATA[1], Fit.epochs(5).batchSize(2).verbose(0)
        .callbacks(stopper, new Tracer("A", events)));
    assertEquals(List.of(0), h.epoch());
    assertEquals(List.of("A trainBegin", "A epochBegin 0", "A batchEnd 0",
        "A epochEnd 0 [loss]", "A trainEnd [loss]"), events);
  }

  // ---------------------------------------------------------------- non-finite loss

  /** 12 samples, sample 5 has a NaN input: unshuffled batches of 2 meet it at step 2 of epoch 0. */
  private static float[][][] poisoned() {
    float[][][] d = LinearModel.data(12, 4);
    d[0][5][1] = Float.NaN;
    return d;
  }

  private static Fit nanOptions(Scripted.Output out) {
    return Fit.epochs(5).batchSize(2).shuffle(false).verbose(0).output(out.stream);
  }

  @Test
  void withoutTerminateOnNaNFitThrowsAndKeepsTheWeightsBeforeTheBadStep() {
    float[][][] d = poisoned();
    LinearModel m = Scripted.model();
    Scripted.Recorder rec = new Scripted.Recorder(m);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> m.fit(d[0], d[1], nanOptions(new Scripted.Output()).callbacks(rec)));
    assertEquals(0, e.epoch());
    assertEquals(2, e.step());
    assertEquals(2, rec.batchEnd.size());
    assertArrayEquals(rec.batchEnd.get(1), m.weights());
    for (float w : m.weights()) {
      assertTrue(Float.isFinite(w));
    }
  }

  @Test
  void terminateOnNaNStopsCleanly() {
    float[][][] d = poisoned();
    LinearModel m = Scripted.model();
    Scripted.Recorder rec = new Scripted.Recorder(m);
    List<String> events = new ArrayList<>();
    Scripted.Output out = new Scripted.Output();
    History h = m.fit(d[0], d[1],
        nanOptions(out).callbacks(new TerminateOnNaN(), rec, new Tracer("A", events)));
    assertEquals("Batch 2: Invalid loss, terminating training\n", out.text());
    assertEquals(List.of(0), h.epoch());
    assertArrayEquals(rec.batchEnd.get(1), m.weights());
    // The epoch still ends normally, then training ends.
    assertEquals("A epochEnd 0 [loss]", events.get(events.size() - 2));
    assertEquals("A trainEnd [loss]", events.get(events.size() - 1));
    assertTrue(Double.isFinite(h.get("loss")[0]));
  }

  @Test
  void callbacksSeeTheTrainerRunningFit() {
    LinearModel m = Scripted.model();
    Trainer[] seen = new Trainer[1];
    m.fit(Scripted.DATA[0], Scripted.DATA[1], Scripted.quiet(1, new Scripted.Output())
        .callbacks(new Callback() {
          @Override
          public void onTrainBegin() {
            seen[0] = trainer();
          }
        }));
    assertSame(m.trainer(), seen[0]);
  }
}
