package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.io.Json;
import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.Adam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted fit resumed with BackupAndRestore ends exactly where an uninterrupted one does. */
class BackupAndRestoreTest {
  @TempDir Path tmp;

  private static final float[][][] DATA = LinearModel.data(20, 21);
  private static final int EPOCHS = 5;

  /** Adam (slots and step count to restore), shuffled batches of 6 (a partial last batch). */
  private static LinearModel model(long initSeed) {
    LinearModel m = new LinearModel(3, 1, initSeed);
    m.compile(new Adam(0.05), Losses.MEAN_SQUARED_ERROR);
    return m;
  }

  private static Fit options() {
    return Fit.epochs(EPOCHS).batchSize(6).seed(11).verbose(0);
  }

  private static float[] uninterrupted() {
    LinearModel m = model(7);
    m.fit(DATA[0], DATA[1], options());
    return m.weights();
  }

  @Test
  void resumesAfterAnInterruptionBetweenEpochsBitIdentically() {
    Path dir = tmp.resolve("backup");
    BackupAndRestore backup = new BackupAndRestore(dir);
    LinearModel first = model(7);
    assertThrows(IllegalStateException.class, () -> first.fit(DATA[0], DATA[1],
        options().callbacks(backup, new Scripted.Interrupt(2, -1))));
    assertEquals(2, backup.backedUpEpoch());

    // A new process: another model instance with other initial weights and a fresh optimizer.
    LinearModel second = model(12345);
    History h = second.fit(DATA[0], DATA[1], options().callbacks(backup));
    assertEquals(List.of(2, 3, 4), h.epoch());
    assertArrayEquals(uninterrupted(), second.weights());
    assertEquals(4L * EPOCHS, second.trainer().optimizer().iterations()); // 4 steps per epoch
    assertFalse(Files.exists(dir), "the backup is deleted when fit completes");
  }

  @Test
  void resumesAfterAnInterruptionInsideAnEpochBitIdentically() {
    Path dir = tmp.resolve("backup");
    BackupAndRestore backup = new BackupAndRestore(dir.toString());
    LinearModel m = model(7);
    // Dies after step 1 of epoch 3: the steps of epoch 3 already applied must be undone.
    assertThrows(IllegalStateException.class, () -> m.fit(DATA[0], DATA[1],
        options().callbacks(backup, new Scripted.Interrupt(3, 1))));
    assertEquals(3, backup.backedUpEpoch());
    History h = m.fit(DATA[0], DATA[1], options().callbacks(backup));
    assertEquals(List.of(3, 4), h.epoch());
    assertArrayEquals(uninterrupted(), m.weights());
  }

  @Test
  void theBackupHoldsTheNextEpochAndOneWeightsFile() throws IOException {
    Path dir = tmp.resolve("backup");
    BackupAndRestore backup = new BackupAndRestore(dir);
    LinearModel m = model(7);
    assertThrows(IllegalStateException.class, () -> m.fit(DATA[0], DATA[1],
        options().callbacks(backup, new Scripted.Interrupt(3, -1))));
    String[] names = dir.toFile().list();
    Arrays.sort(names);
    assertArrayEquals(new String[] {"epoch-3.kcw", "training_metadata.json"}, names);
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) Json.parse(new String(
        Files.readAllBytes(dir.resolve("training_metadata.json")), StandardCharsets.UTF_8));
    assertEquals(3.0, meta.get("epoch"));
    assertEquals(0.0, meta.get("batch"));
    assertEquals("epoch-3.kcw", meta.get("weights"));
    assertEquals(0.05, meta.get("learning_rate"));
  }

  @Test
  void aChangedLearningRateIsRestored() {
    Path dir = tmp.resolve("backup");
    BackupAndRestore backup = new BackupAndRestore(dir);
    Callback lower = new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        trainer().optimizer().setLearningRate(0.0123);
      }
    };
    LinearModel m = model(7);
    assertThrows(IllegalStateException.class, () -> m.fit(DATA[0], DATA[1],
        options().callbacks(lower, backup, new Scripted.Interrupt(1, -1))));
    LinearModel fresh = model(7);
    double[] seen = new double[1];
    Callback probe = new Callback() {
      @Override
      public void onTrainBegin() {
        seen[0] = trainer().optimizer().learningRate();
      }
    };
    fresh.fit(DATA[0], DATA[1], options().callbacks(backup, probe));
    assertEquals(0.0123, seen[0]);
  }

  @Test
  void keepsTheBackupWhenAskedAndOnlyDeletesItsOwnFiles() throws IOException {
    Path dir = tmp.resolve("backup");
    LinearModel m = model(7);
    m.fit(DATA[0], DATA[1], options().callbacks(new BackupAndRestore(dir).deleteCheckpoint(false)));
    assertTrue(Files.exists(dir.resolve("training_metadata.json")));
    assertTrue(Files.exists(dir.resolve("epoch-5.kcw")));

    // Resuming at the end runs no epoch; then the backup goes, a foreign file stays.
    Files.write(dir.resolve("notes.txt"), new byte[] {1});
    float[] before = m.weights();
    History h = m.fit(DATA[0], DATA[1], options().callbacks(new BackupAndRestore(dir)));
    assertEquals(List.of(), h.epoch());
    assertArrayEquals(before, m.weights());
    String[] left = dir.toFile().list();
    assertArrayEquals(new String[] {"notes.txt"}, left);
  }

  @Test
  void aDamagedBackupFailsBeforeTraining() throws IOException {
    Path dir = tmp.resolve("backup");
    Files.createDirectories(dir);
    Files.write(dir.resolve("training_metadata.json"), "{\"epoch\": 2".getBytes(StandardCharsets.UTF_8));
    LinearModel m = model(7);
    float[] before = m.weights();
    assertThrows(UncheckedIOException.class,
        () -> m.fit(DATA[0], DATA[1], options().callbacks(new BackupAndRestore(dir))));
    assertArrayEquals(before, m.weights());

    Files.write(dir.resolve("training_metadata.json"),
        "{\"epoch\": 2, \"batch\": 0, \"weights\": \"../elsewhere.kcw\"}".getBytes(StandardCharsets.UTF_8));
    assertThrows(UncheckedIOException.class,
        () -> m.fit(DATA[0], DATA[1], options().callbacks(new BackupAndRestore(dir))));
  }

  @Test
  void anUninterruptedRunDiffersFromAFreshModel() {
    // Guards the bit-identity tests: they would pass trivially if training did nothing.
    assertNotEquals(Arrays.toString(model(7).weights()), Arrays.toString(uninterrupted()));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore(""));
    assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore((Path) null));
  }
}
