package dev.kerac.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSVLogger output byte for byte, as Keras writes it (KERAS_SEMANTICS.md §8.5). */
class CSVLoggerTest {
  @TempDir Path dir;

  private static Map<String, Double> logs(Object... kv) {
    Map<String, Double> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  private String read(Path f) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }

  @Test
  void kerasExampleByteForByte() throws IOException {
    Path f = dir.resolve("log.csv");
    CSVLogger csv = new CSVLogger(f);
    csv.onTrainBegin();
    csv.onEpochEnd(0, logs("accuracy", 0.24f, "loss", 1.2449396848678589,
        "val_accuracy", 0.24f, "val_loss", 1.2355070114135742));
    csv.onTrainEnd(Map.of());
    assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n"
        + "0,0.23999999463558197,1.2449396848678589,0.23999999463558197,1.2355070114135742\r\n",
        read(f));
  }

  @Test
  void withoutValidationKeysValColumnsAreAddedAsNA() throws IOException {
    Path f = dir.resolve("log.csv");
    CSVLogger csv = new CSVLogger(f.toString());
    csv.onTrainBegin();
    csv.onEpochEnd(0, logs("loss", 0.5, "learning_rate", 1e-5));
    // A key missing later is NA; a key first seen later is not a column.
    csv.onEpochEnd(1, logs("loss", 1e20, "extra", 3.0));
    csv.onTrainEnd(Map.of());
    assertEquals("epoch,learning_rate,loss,val_learning_rate,val_loss\r\n"
        + "0,1e-05,0.5,NA,NA\r\n"
        + "1,NA,1e+20,NA,NA\r\n", read(f));
  }

  @Test
  void nonFiniteValuesAsPythonWritesThem() throws IOException {
    Path f = dir.resolve("log.csv");
    CSVLogger csv = new CSVLogger(f);
    csv.onTrainBegin();
    csv.onEpochEnd(0, logs("loss", Double.NaN, "val_loss", Double.POSITIVE_INFINITY));
    csv.onTrainEnd(Map.of());
    assertEquals("epoch,loss,val_loss\r\n0,nan,inf\r\n", read(f));
  }

  @Test
  void overwriteAndAppend() throws IOException {
    Path f = dir.resolve("log.csv");
    Files.write(f, "old content\r\n".getBytes(StandardCharsets.UTF_8));
    CSVLogger first = new CSVLogger(f);
    first.onTrainBegin();
    first.onEpochEnd(0, logs("loss", 0.5, "val_loss", 0.25));
    first.onTrainEnd(Map.of());
    // Appending to a non-empty file: no second header, rows continue.
    CSVLogger more = new CSVLogger(f, ",", true);
    more.onTrainBegin();
    more.onEpochEnd(1, logs("loss", 0.125, "val_loss", 0.0625));
    more.onTrainEnd(Map.of());
    assertEquals("epoch,loss,val_loss\r\n0,0.5,0.25\r\n1,0.125,0.0625\r\n", read(f));

    // Appending to an empty or missing file writes the header.
    Path empty = dir.resolve("empty.csv");
    Files.createFile(empty);
    for (Path p : List.of(empty, dir.resolve("missing.csv"))) {
      CSVLogger a = new CSVLogger(p, ",", true);
      a.onTrainBegin();
      a.onEpochEnd(0, logs("loss", 2.0, "val_loss", 3.0));
      a.onTrainEnd(Map.of());
      assertEquals("epoch,loss,val_loss\r\n0,2.0,3.0\r\n", read(p));
    }
  }

  @Test
  void separatorAndQuoting() throws IOException {
    Path f = dir.resolve("log.tsv");
    CSVLogger csv = new CSVLogger(f, ";", false);
    csv.onTrainBegin();
    csv.onEpochEnd(0, logs("a;b", 1.0, "q\"x", 2.0, "val_loss", 3.0));
    csv.onTrainEnd(Map.of());
    assertEquals("epoch;\"a;b\";\"q\"\"x\";val_loss\r\n0;1.0;2.0;3.0\r\n", read(f));
  }

  @Test
  void duringFitTheRowsHoldTheHistoryValues() throws IOException {
    Path f = dir.resolve("fit.csv");
    LinearModel m = Scripted.model();
    History h = m.fit(Scripted.DATA[0], Scripted.DATA[1],
        Scripted.quiet(3, new Scripted.Output()).validationData(Scripted.DATA[0], Scripted.DATA[1])
            .callbacks(new CSVLogger(f)));
    String[] lines = read(f).split("\r\n", -1);
    assertEquals(5, lines.length); // header, 3 rows, "" after the last \r\n
    assertEquals("epoch,loss,val_loss", lines[0]);
    assertEquals("", lines[4]);
    for (int e = 0; e < 3; e++) {
      String[] cells = lines[e + 1].split(",");
      assertEquals(Integer.toString(e), cells[0]);
      assertEquals(h.get("loss")[e], Double.parseDouble(cells[1]));
      assertEquals(h.get("val_loss")[e], Double.parseDouble(cells[2]));
    }
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger(dir.resolve("x"), ",,", false));
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger(dir.resolve("x"), "\"", false));
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger(""));
    assertThrows(IllegalArgumentException.class, () -> new CSVLogger((Path) null));
  }
}
