package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerac.runtime.losses.Losses;
import dev.kerac.runtime.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelCheckpoint file names, save_best_only decisions and messages (KERAS_SEMANTICS.md §8.5). */
class ModelCheckpointTest {
  @TempDir Path dir;

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static final class Run {
    final LinearModel model = Scripted.model();
    final Scripted.Recorder recorder = new Scripted.Recorder(model);
    final Scripted.Output out = new Scripted.Output();

    Run(int epochs, ModelCheckpoint ckpt, String key, double... values) {
      model.fit(Scripted.DATA[0], Scripted.DATA[1],
          Scripted.quiet(epochs, out).callbacks(new Scripted.Logs(key, values), ckpt, recorder));
    }
  }

  /** The weights stored in {@code file}, loaded into a fresh model of the same architecture. */
  private static float[] load(Path file) throws IOException {
    LinearModel fresh = new LinearModel(3, 1, 99);
    fresh.compile(new SGD(0.1), Losses.MEAN_SQUARED_ERROR);
    fresh.loadWeights(file);
    return fresh.weights();
  }

  @Test
  void everyEpochWithFormattedNames() throws IOException {
    String pattern = dir.resolve("w-{epoch:02d}-{val_loss:.2f}.kcw").toString();
    Run r = new Run(3, new ModelCheckpoint(pattern), "val_loss", 0.5, 0.4567, 0.6);
    assertEquals(List.of("w-01-0.50.kcw", "w-02-0.46.kcw", "w-03-0.60.kcw"), files());
    assertArrayEquals(r.recorder.epochEnd.get(1), load(dir.resolve("w-02-0.46.kcw")));
    assertEquals("", r.out.text());
  }

  @Test
  void saveBestOnlyWritesImprovementsWithKerasMessages() throws IOException {
    Path p1 = dir.resolve("best-1.kcw");
    Path p3 = dir.resolve("best-3.kcw");
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("best-{epoch}.kcw"))
        .saveBestOnly(true).verbose(1);
    Run r = new Run(3, ckpt, "val_loss", 0.5, 0.6, 0.4);
    assertEquals(List.of("best-1.kcw", "best-3.kcw"), files());
    assertArrayEquals(r.recorder.epochEnd.get(2), load(p3));
    assertEquals(0.4, ckpt.best());
    assertEquals("\nEpoch 1: val_loss improved from None to 0.50000, saving model to " + p1 + "\n"
        + "\nEpoch 1: finished saving model to " + p1 + "\n"
        + "\nEpoch 2: val_loss did not improve from 0.50000\n"
        + "\nEpoch 3: val_loss improved from 0.50000 to 0.40000, saving model to " + p3 + "\n"
        + "\nEpoch 3: finished saving model to " + p3 + "\n", r.out.text());
  }

  @Test
  void aFixedNameKeepsTheBestModel() throws IOException {
    Path p = dir.resolve("best.kcw");
    Run r = new Run(4, new ModelCheckpoint(p).saveBestOnly(true), "val_loss", 0.5, 0.3, 0.4, 0.35);
    assertEquals(List.of("best.kcw"), files());
    assertArrayEquals(r.recorder.epochEnd.get(1), load(p));
  }

  @Test
  void initialValueThresholdMustBeBeaten() throws IOException {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("t-{epoch}.kcw").toString())
        .saveBestOnly(true).initialValueThreshold(0.45).verbose(1);
    Run r = new Run(3, ckpt, "val_loss", 0.5, 0.6, 0.4);
    assertEquals(List.of("t-3.kcw"), files());
    assertTrue(r.out.text().startsWith("\nEpoch 1: val_loss did not improve from 0.45000\n"),
        r.out.text());
  }

  @Test
  void accuracyIsMaximized() throws IOException {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("a-{epoch}-{val_accuracy:.3f}.kcw").toString())
        .monitor("val_accuracy").saveBestOnly(true);
    new Run(4, ckpt, "val_accuracy", 0.5, 0.75, 0.625, 0.875);
    assertEquals(List.of("a-1-0.500.kcw", "a-2-0.750.kcw", "a-4-0.875.kcw"), files());
  }

  @Test
  void missingMonitorWarnsAndSaves() throws IOException {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("m-{epoch}.kcw").toString())
        .saveBestOnly(true);
    Run r = new Run(2, ckpt, "other", 1.0, 2.0);
    assertEquals(List.of("m-1.kcw", "m-2.kcw"), files());
    assertEquals("Warning: Can save best model only with val_loss available.\n".repeat(2),
        r.out.text());
  }

  @Test
  void createsMissingDirectories() throws IOException {
    Path nested = dir.resolve("a").resolve("b").resolve("w-{epoch}.kcw");
    new Run(1, new ModelCheckpoint(nested), "val_loss", 1.0);
    assertTrue(Files.exists(dir.resolve("a").resolve("b").resolve("w-1.kcw")));
  }

  @Test
  void batchFrequencyCountsAcrossEpochs() throws IOException {
    // 8 samples in batches of 2: 4 steps per epoch; every 3 batches -> global batches 3 and 6, i.e.
    // epoch 1 batch 3 and epoch 2 batch 2 (1-based in the name).
    LinearModel m = Scripted.model();
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("b-{epoch}-{batch}.kcw").toString())
        .saveFreq(3);
    m.fit(Scripted.DATA[0], Scripted.DATA[1], Fit.epochs(2).batchSize(2).verbose(0).callbacks(ckpt));
    assertEquals(List.of("b-1-3.kcw", "b-2-2.kcw"), files());
  }

  @Test
  void aPatternWithAnUnknownKeyFails() {
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("x-{val_acc:.2f}.kcw").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Run(1, ckpt, "val_loss", 1.0));
    assertTrue(e.getMessage().startsWith("Failed to format this callback filepath: \""),
        e.getMessage());
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(""));
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("x.kcw").saveFreq(0));
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("x.kcw").mode("best"));
  }
}
