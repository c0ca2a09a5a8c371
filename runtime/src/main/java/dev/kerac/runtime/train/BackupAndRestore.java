package dev.kerac.runtime.train;

import dev.kerac.runtime.io.Json;
import dev.kerac.runtime.optimizers.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Makes an interrupted {@code fit} resumable (Keras {@code BackupAndRestore}, defaults
 * {@code save_freq="epoch", delete_checkpoint=True}): after every epoch it backs up the weights and
 * the optimizer state; a later {@code fit} with the same callback loads the backup at train begin and
 * starts at the epoch after the last completed one (overriding {@link Fit#initialEpoch}). When
 * {@code fit} ends normally the backup is deleted.
 *
 * <pre>{@code
 * BackupAndRestore backup = new BackupAndRestore(Path.of("/tmp/run-42-backup"));
 * model.fit(x, y, Fit.epochs(20).callbacks(backup));   // killed during epoch 7...
 * model.fit(x, y, Fit.epochs(20).callbacks(backup));   // ...restarts at epoch 7 (0-based 6)
 * }</pre>
 *
 * <p>With the same data, seed and options the resumed run ends with the same weights, bit for bit, as
 * an uninterrupted one: shuffling is seeded per epoch and the optimizer's slots and step count are
 * restored. What is not restored is the state of other callbacks (e.g. {@link EarlyStopping}'s
 * patience count), as in Keras.
 *
 * <p>Files in {@code backupDir}: {@code epoch-<n>.kcw} (weights and optimizer state, by
 * {@link Trainer#saveWeights}) and {@code training_metadata.json}, e.g. {@code {"epoch": 3, "batch": 0,
 * "weights": "epoch-3.kcw", "learning_rate": 0.001}}. Both are replaced atomically, the metadata
 * last, so a crash at any point leaves a consistent backup: the metadata always names a complete
 * weights file of the epoch it records. The learning rate is kept so that a rate changed by
 * {@link ReduceLROnPlateau} or {@link LearningRateScheduler} survives (omitted with a schedule). At
 * train end only these files are deleted, then the directory if it is empty.
 */
public final class BackupAndRestore extends Callback {
  static final String METADATA = "training_metadata.json";
  private static final String PREFIX = "epoch-";
  private static final String SUFFIX = ".kcw";

  private final Path backupDir;
  private boolean deleteCheckpoint = true;

  /** @param backupDir a directory used by this callback only (created when first needed) */
  public BackupAndRestore(Path backupDir) {
    if (backupDir == null || backupDir.toString().isEmpty()) {
      throw new IllegalArgumentException("Empty backupDir argument passed: expected a directory path");
    }
    this.backupDir = backupDir;
  }

  /** As {@link #BackupAndRestore(Path)}. */
  public BackupAndRestore(String backupDir) {
    this(backupDir == null || backupDir.isEmpty() ? null : Paths.get(backupDir));
  }

  /** Whether to delete the backup when {@code fit} completes (default true). */
  public BackupAndRestore deleteCheckpoint(boolean deleteCheckpoint) {
    this.deleteCheckpoint = deleteCheckpoint;
    return this;
  }

  /** The epoch (0-based) a {@code fit} starting now would resume at, or -1 if there is no backup. */
  public int backedUpEpoch() {
    Path meta = backupDir.resolve(METADATA);
    if (!Files.exists(meta)) {
      return -1;
    }
    try {
      return (int) number(readMetadata(meta), "epoch");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the backup in " + backupDir, e);
    }
  }

  @Override
  public void onTrainBegin() {
    Path meta = backupDir.resolve(METADATA);
    if (!Files.exists(meta)) {
      return;
    }
    try {
      Map<String, Object> m = readMetadata(meta);
      int epoch = (int) number(m, "epoch");
      Object weights = m.get("weights");
      if (!(weights instanceof String) || !isOwnWeightsFile((String) weights)) {
        throw new IOException(meta + ": \"weights\" must name an " + PREFIX + "<n>" + SUFFIX
            + " file, got " + weights);
      }
      trainer().loadWeights(backupDir.resolve((String) weights));
      Optimizer optimizer = trainer().optimizer();
      if (m.get("learning_rate") instanceof Double && optimizer.learningRateSchedule() == null) {
        optimizer.setLearningRate((Double) m.get("learning_rate"));
      }
      trainer().resumeAt(epoch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the backup in " + backupDir
          + "; delete the directory to start from scratch", e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    int next = epoch + 1;
    String weights = PREFIX + next + SUFFIX;
    try {
      Files.createDirectories(backupDir);
      String previous = currentWeights();
      trainer().saveWeights(backupDir.resolve(weights));
      Optimizer optimizer = trainer().optimizer();
      StringBuilder json = new StringBuilder()
          .append("{\"epoch\": ").append(next)
          .append(", \"batch\": 0, \"weights\": \"").append(weights).append('"');
      if (optimizer.learningRateSchedule() == null) {
        json.append(", \"learning_rate\": ").append(jsonNumber(optimizer.learningRate()));
      }
      json.append('}');
      writeAtomically(backupDir.resolve(METADATA), json.toString());
      if (previous != null && !previous.equals(weights)) {
        Files.deleteIfExists(backupDir.resolve(previous));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore could not back up to " + backupDir, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (!deleteCheckpoint || !Files.isDirectory(backupDir)) {
      return;
    }
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(backupDir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          // Also the temporary files of a save that was interrupted.
          boolean leftover = name.startsWith(".") && name.endsWith(".tmp")
              && (name.startsWith("." + METADATA) || name.startsWith("." + PREFIX));
          if (name.equals(METADATA) || isOwnWeightsFile(name) || leftover) {
            Files.deleteIfExists(f);
          }
        }
      }
      try (DirectoryStream<Path> rest = Files.newDirectoryStream(backupDir)) {
        if (!rest.iterator().hasNext()) {
          Files.delete(backupDir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("BackupAndRestore could not delete the backup in " + backupDir, e);
    }
  }

  /** The weights file the current metadata names, or null. */
  private String currentWeights() throws IOException {
    Path meta = backupDir.resolve(METADATA);
    if (!Files.exists(meta)) {
      return null;
    }
    Object w = readMetadata(meta).get("weights");
    return w instanceof String && isOwnWeightsFile((String) w) ? (String) w : null;
  }

  private static boolean isOwnWeightsFile(String name) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)
        || name.length() <= PREFIX.length() + SUFFIX.length()) {
      return false;
    }
    for (int i = PREFIX.length(); i < name.length() - SUFFIX.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readMetadata(Path meta) throws IOException {
    String text = new String(Files.readAllBytes(meta), StandardCharsets.UTF_8);
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(meta + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof Map)) {
      throw new IOException(meta + " must hold a JSON object, got " + text);
    }
    return (Map<String, Object>) parsed;
  }

  private static double number(Map<String, Object> m, String key) throws IOException {
    Object v = m.get(key);
    if (!(v instanceof Double) || (Double) v < 0 || (Double) v != Math.floor((Double) v)) {
      throw new IOException(METADATA + ": \"" + key + "\" must be a whole number >= 0, got " + v);
    }
    return (Double) v;
  }

  /** A JSON number that parses back to exactly {@code x} (Python's repr is the shortest such). */
  private static String jsonNumber(double x) {
    return PythonFormat.repr(x);
  }

  /** Writes a small file so that readers see either the old or the new content, never a part. */
  private static void writeAtomically(Path target, String content) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
