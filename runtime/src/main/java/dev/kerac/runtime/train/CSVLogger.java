package dev.kerac.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes one CSV row per epoch, byte for byte as Keras' {@code CSVLogger} (defaults
 * {@code separator=",", append=False}):
 *
 * <pre>
 * epoch,accuracy,loss,val_accuracy,val_loss
 * 0,0.23999999463558197,1.2449396848678589,0.23999999463558197,1.2355070114135742
 * </pre>
 *
 * <ul>
 *   <li>the columns are fixed at the first epoch end: {@code epoch}, then the sorted log keys; if none
 *       starts with {@code val_}, a {@code val_<key>} column per key is added (written {@code NA});
 *   <li>{@code epoch} is 0-based; values are Python's {@code repr} of the float ({@link
 *       PythonFormat#repr}), a key missing from a later epoch is {@code NA};
 *   <li>lines end with {@code \r\n} and fields are quoted only when they contain the separator, a
 *       quote or a line break (Python's Excel dialect);
 *   <li>with {@code append}, rows go after the existing content and the header is written only if the
 *       file is missing or empty.
 * </ul>
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).callbacks(new CSVLogger("training.log")));
 * }</pre>
 */
public final class CSVLogger extends Callback {
  private final Path filename;
  private final char separator;
  private final boolean append;

  private Writer writer;
  private List<String> keys;
  private boolean writeHeader;

  /** Overwrites {@code filename} with {@code ,} as the separator. */
  public CSVLogger(String filename) {
    this(path(filename), ",", false);
  }

  /** Overwrites {@code filename} with {@code ,} as the separator. */
  public CSVLogger(Path filename) {
    this(filename, ",", false);
  }

  /**
   * @param separator one character (Python's csv module takes no more)
   * @param append add rows to an existing file instead of overwriting it
   */
  public CSVLogger(Path filename, String separator, boolean append) {
    if (filename == null) {
      throw new IllegalArgumentException("filename must be a path, got null");
    }
    if (separator == null || separator.length() != 1 || separator.charAt(0) == '"'
        || separator.charAt(0) == '\r' || separator.charAt(0) == '\n') {
      throw new IllegalArgumentException("separator must be one character other than a quote or a "
          + "line break, got " + (separator == null ? "null" : "\"" + separator + "\""));
    }
    this.filename = filename;
    this.separator = separator.charAt(0);
    this.append = append;
  }

  /** As {@link #CSVLogger(Path, String, boolean)}. */
  public CSVLogger(String filename, String separator, boolean append) {
    this(path(filename), separator, append);
  }

  private static Path path(String filename) {
    if (filename == null || filename.isEmpty()) {
      throw new IllegalArgumentException("filename must be a file path, got "
          + (filename == null ? "null" : "\"\""));
    }
    return Paths.get(filename);
  }

  @Override
  public void onTrainBegin() {
    closeQuietly();
    try {
      writeHeader = !append || !Files.exists(filename) || Files.size(filename) == 0;
      writer = Files.newBufferedWriter(filename, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not open " + filename, e);
    }
    keys = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (writer == null) {
      throw new IllegalStateException("CSVLogger: onEpochEnd before onTrainBegin");
    }
    if (keys == null) {
      keys = new ArrayList<>(new TreeSet<>(logs.keySet()));
      boolean hasVal = false;
      for (String k : keys) {
        hasVal |= k.startsWith("val_");
      }
      if (!hasVal) {
        int n = keys.size();
        for (int i = 0; i < n; i++) {
          keys.add("val_" + keys.get(i));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    if (writeHeader) {
      sb.append("epoch");
      for (String k : keys) {
        sb.append(separator).append(quote(k));
      }
      sb.append("\r\n");
      writeHeader = false;
    }
    sb.append(epoch);
    for (String k : keys) {
      Double v = logs.get(k);
      sb.append(separator).append(v == null ? "NA" : PythonFormat.repr(v));
    }
    sb.append("\r\n");
    try {
      writer.write(sb.toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger could not write to " + filename, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("CSVLogger could not close " + filename, e);
      } finally {
        writer = null;
      }
    }
  }

  private void closeQuietly() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // A previous fit that failed; its file is finished either way.
      }
      writer = null;
    }
  }

  /** Python csv QUOTE_MINIMAL: quote a field holding the separator, a quote or a line break. */
  private String quote(String field) {
    if (field.indexOf(separator) < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0
        && field.indexOf('\n') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
