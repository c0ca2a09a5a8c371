package dev.kerac.runtime.io;

import dev.kerac.runtime.io.WeightsFileException.Kind;
import dev.kerac.runtime.model.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/**
 * Saves and restores named float tensors (model weights and optimizer state) in the kerac weights
 * format, version 1. Saving is atomic; loading checks the whole file against the model before it
 * changes anything.
 *
 * <pre>{@code
 * List<NamedTensor> weights = WeightsFile.tensors(net.parameters());
 * WeightsFile.save(Path.of("mlp.kcw"), net.fingerprint(), Map.of("optimizer", "adam"), weights);
 * Map<String, String> meta = WeightsFile.load(Path.of("mlp.kcw"), net.fingerprint(), weights);
 * }</pre>
 *
 * <h2>Format (version 1)</h2>
 *
 * All integers are little-endian; {@code u32} and {@code u64} are unsigned, but a reader rejects counts,
 * lengths and dimensions above 2<sup>31</sup>−1. A {@code string} is a {@code u32} byte count followed by
 * that many bytes of UTF-8 (no terminator).
 *
 * <pre>
 * offset  size  field
 * 0       8     magic: 89 4B 45 52 41 43 0D 0A  ("\x89KERAC\r\n")
 * 8       4     u32 format version = 1
 * 12      8     u64 total file length in bytes, this header and the checksum included
 * 20            string  architecture fingerprint
 *               u32     metadata entry count M, then M times: string key, string value
 *               u32     tensor count T, then T times:
 *                         string  name (unique, e.g. "hidden1/kernel", "optimizer/adam/m/hidden1/kernel")
 *                         u32     rank R (at most 32), then R times u32 dimension
 *                         float32 × (product of the dimensions; 1 when R = 0), IEEE 754
 *                                 little-endian, row-major (C order), the Keras layout
 * length−4 4    u32 CRC-32 (ISO-HDLC: java.util.zip.CRC32, zlib.crc32) of bytes [0, length−4)
 * </pre>
 *
 * The magic's first byte has its high bit set and its {@code \r\n} catches text-mode line-ending
 * conversion, as in PNG. The declared length tells a truncated file from a corrupt one without
 * parsing. Tensor data is not aligned. {@code runtime/WEIGHTS_FORMAT.md} has a Python reader.
 *
 * <h2>Saving</h2>
 *
 * The bytes go to a new temporary file {@code .<name>.<random>.tmp} in the target's directory, which
 * is forced to the device ({@link FileChannel#force}) and then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (falling back to {@link StandardCopyOption#REPLACE_EXISTING}
 * where the file system cannot move atomically). A failed save deletes the temporary file and leaves
 * an existing target as it was.
 *
 * <h2>Loading</h2>
 *
 * {@link #load} checks, in this order: magic, version, length (truncation), checksum, structure,
 * fingerprint, then the tensor names and shapes against the targets. Only when every check passes are
 * the targets written; any failure throws a {@link WeightsFileException} whose {@link
 * WeightsFileException#kind() kind} says which check failed, and leaves every target unchanged.
 *
 * <p>Names must match exactly, with one rule for optimizer state: tensors whose names start with
 * {@value #OPTIMIZER_PREFIX} form the optional optimizer group. If no target is in that group, the
 * file's optimizer tensors are skipped (restoring weights only, for inference or a fresh optimizer).
 * If any target is in the group, the group must match exactly like every other tensor.
 */
public final class WeightsFile {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;

  /** Names starting with this prefix are optimizer state; see the class comment for the load rule. */
  public static final String OPTIMIZER_PREFIX = "optimizer/";

  static final byte[] MAGIC = {(byte) 0x89, 'K', 'E', 'R', 'A', 'C', '\r', '\n'};
  static final int HEADER_SIZE = 20;
  static final int MAX_RANK = 32;
  // Fingerprint, metadata count and tensor count are each at least 4 bytes, plus the checksum.
  private static final int MIN_LENGTH = HEADER_SIZE + 4 + 4 + 4 + 4;
  private static final int BUFFER = 1 << 16;

  private WeightsFile() {}

  /**
   * Everything a weight file holds, as returned by {@link #read}.
   *
   * @param fingerprint the architecture fingerprint of the model that saved it
   * @param metadata the key/value pairs, in file order
   * @param tensors the tensors in file order, in the rows layout of {@link NamedTensor}
   */
  public record Contents(String fingerprint, Map<String, String> metadata, List<NamedTensor> tensors) {}

  /**
   * Views a model's parameters as named tensors (sharing their arrays, no copy), named by
   * {@link Parameter#path()}: the list to pass to {@link #save} and {@link #load}.
   */
  public static List<NamedTensor> tensors(List<Parameter> parameters) {
    List<NamedTensor> out = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      out.add(new NamedTensor(p.path(), p.shape(), p.value()));
    }
    return out;
  }

  /**
   * Writes {@code tensors} to {@code file} atomically (see the class comment).
   *
   * @param fingerprint the model's architecture fingerprint ({@code Network.fingerprint()})
   * @param metadata free-form key/value pairs, e.g. {@code optimizer=adam}, {@code iterations=1200};
   *     written in iteration order
   * @throws IllegalArgumentException on null arguments, duplicate or empty names, a negative dimension,
   *     or rows that do not match their shape; nothing is written then
   * @throws IOException if writing or moving fails; an existing {@code file} is left unchanged
   */
  public static void save(
      Path file, String fingerprint, Map<String, String> metadata, List<NamedTensor> tensors)
      throws IOException {
    save(file, fingerprint, metadata, tensors, null);
  }

  /** As {@link #save}; {@code interpose} wraps the output stream (tests use it to inject failures). */
  static void save(
      Path file,
      String fingerprint,
      Map<String, String> metadata,
      List<NamedTensor> tensors,
      UnaryOperator<OutputStream> interpose)
      throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    if (fingerprint == null) {
      throw new IllegalArgumentException("fingerprint must not be null");
    }
    if (metadata == null) {
      throw new IllegalArgumentException("metadata must not be null (use Map.of())");
    }
    validateTensors(tensors, "tensors");
    byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
    List<byte[]> meta = new ArrayList<>(2 * metadata.size());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException(
            "metadata keys and values must not be null, got " + e.getKey() + "=" + e.getValue());
      }
      meta.add(e.getKey().getBytes(StandardCharsets.UTF_8));
      meta.add(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> names = new ArrayList<>(tensors.size());
    long length = HEADER_SIZE + 4L + fp.length + 4 + 4 + 4;
    for (byte[] m : meta) {
      length += 4 + m.length;
    }
    for (NamedTensor t : tensors) {
      byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
      names.add(name);
      length += 4 + name.length + 4 + 4L * t.shape().length + 4L * size(t.shape());
    }

    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = createTemp(dir, target.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream os = Channels.newOutputStream(ch);
        if (interpose != null) {
          os = interpose.apply(os);
        }
        Writer w = new Writer(os);
        w.bytes(MAGIC);
        w.u32(VERSION);
        w.u64(length);
        w.string(fp);
        w.u32(metadata.size());
        for (byte[] m : meta) {
          w.string(m);
        }
        w.u32(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
          NamedTensor t = tensors.get(i);
          w.string(names.get(i));
          w.u32(t.shape().length);
          for (int d : t.shape()) {
            w.u32(d);
          }
          for (float[] row : t.rows()) {
            w.floats(row);
          }
        }
        w.finish(length);
        ch.force(true);
      }
      move(tmp, target);
      moved = true;
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one to report
        }
      }
    }
    syncDirectory(dir);
  }

  /**
   * Restores {@code targets} from {@code file} after checking everything (see the class comment).
   *
   * @param fingerprint the model's architecture fingerprint; must equal the file's
   * @param targets the tensors to fill in place; their names and shapes must match the file's
   * @return the file's metadata, in file order (unmodifiable)
   * @throws WeightsFileException if the file is damaged or does not fit the targets; no target is
   *     changed then
   * @throws IllegalArgumentException if the arguments themselves are invalid (null, duplicate names,
   *     rows that do not match their shape)
   * @throws IOException if the file cannot be read
   */
  public static Map<String, String> load(Path file, String fingerprint, List<NamedTensor> targets)
      throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    if (fingerprint == null) {
      throw new IllegalArgumentException("fingerprint must not be null");
    }
    validateTensors(targets, "targets");
    Map<String, NamedTensor> byName = new LinkedHashMap<>();
    boolean withOptimizer = false;
    for (NamedTensor t : targets) {
      byName.put(t.name(), t);
      withOptimizer |= t.name().startsWith(OPTIMIZER_PREFIX);
    }

    Map<String, String> meta;
    Map<String, float[]> staged = new LinkedHashMap<>();
    List<String> fileNames = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> unexpected = new ArrayList<>();
    List<String> shapeErrors = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Reader r = open(ch, file);
      String fileFingerprint = r.string("the fingerprint");
      if (!fileFingerprint.equals(fingerprint)) {
        throw new WeightsFileException(
            Kind.FINGERPRINT,
            file + ": architecture fingerprint mismatch: the file was saved from a model with"
                + " fingerprint '" + fileFingerprint + "', this model's is '" + fingerprint
                + "'; the layers, their order or their shapes differ");
      }
      meta = readMetadata(r);
      int count = r.count("the tensor count");
      for (int i = 0; i < count; i++) {
        String name = r.string("the name of tensor #" + i);
        if (!seen.add(name)) {
          throw r.corrupt("tensor name '" + name + "' appears twice");
        }
        fileNames.add(name);
        int[] shape = r.shape(name);
        int n = (int) size(shape);
        NamedTensor t = byName.get(name);
        if (t == null) {
          if (withOptimizer || !name.startsWith(OPTIMIZER_PREFIX)) {
            unexpected.add(name);
          }
          r.skip(4L * n, "the data of tensor '" + name + "'");
        } else if (!Arrays.equals(shape, t.shape())) {
          shapeErrors.add(
              "'" + name + "': file " + Arrays.toString(shape) + ", model "
                  + Arrays.toString(t.shape()));
          r.skip(4L * n, "the data of tensor '" + name + "'");
        } else {
          staged.put(name, r.floats(n, "the data of tensor '" + name + "'"));
        }
      }
      r.end();
    }

    List<String> missing = new ArrayList<>();
    for (String name : byName.keySet()) {
      if (!seen.contains(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      boolean optimizerOnly = true;
      for (String m : missing) {
        optimizerOnly &= m.startsWith(OPTIMIZER_PREFIX);
      }
      boolean fileHasOptimizer = false;
      for (String f : fileNames) {
        fileHasOptimizer |= f.startsWith(OPTIMIZER_PREFIX);
      }
      String hint =
          optimizerOnly && !fileHasOptimizer
              ? "; the file holds no optimizer state: load the model weights alone and start the"
                  + " optimizer afresh"
              : "; the file has " + list(fileNames);
      throw new WeightsFileException(
          Kind.MISSING_TENSOR,
          file + ": " + missing.size() + " tensor(s) of the model are not in the file: "
              + list(missing) + hint);
    }
    if (!unexpected.isEmpty()) {
      throw new WeightsFileException(
          Kind.UNEXPECTED_TENSOR,
          file + ": the file has " + unexpected.size() + " tensor(s) the model does not have: "
              + list(unexpected));
    }
    if (!shapeErrors.isEmpty()) {
      throw new WeightsFileException(
          Kind.SHAPE,
          file + ": shape mismatch for " + shapeErrors.size() + " tensor(s): "
              + String.join("; ", shapeErrors));
    }

    // Every check passed: only now touch the targets.
    for (NamedTensor t : targets) {
      float[] data = staged.get(t.name());
      float[][] rows = t.rows();
      int cols = cols(t.shape());
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(data, r * cols, rows[r], 0, cols);
      }
    }
    return meta;
  }

  /**
   * Reads a whole weight file without a model to compare with (for tools and inspection), after the
   * same magic, version, length, checksum and structure checks as {@link #load}.
   *
   * @throws WeightsFileException if the file is damaged
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Reader r = open(ch, file);
      String fingerprint = r.string("the fingerprint");
      Map<String, String> meta = readMetadata(r);
      int count = r.count("the tensor count");
      List<NamedTensor> tensors = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < count; i++) {
        String name = r.string("the name of tensor #" + i);
        if (!seen.add(name)) {
          throw r.corrupt("tensor name '" + name + "' appears twice");
        }
        int[] shape = r.shape(name);
        float[] data = r.floats((int) size(shape), "the data of tensor '" + name + "'");
        int cols = cols(shape);
        float[][] rows = new float[rows(shape)][cols];
        for (int j = 0; j < rows.length; j++) {
          System.arraycopy(data, j * cols, rows[j], 0, cols);
        }
        tensors.add(new NamedTensor(name, shape, rows));
      }
      r.end();
      return new Contents(fingerprint, meta, Collections.unmodifiableList(tensors));
    }
  }

  // ---- shapes ---------------------------------------------------------------------------------

  private static long size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Row length in the rows layout: the last axis, 1 for a scalar (as {@link Parameter}). */
  private static int cols(int[] shape) {
    return shape.length == 0 ? 1 : shape[shape.length - 1];
  }

  private static int rows(int[] shape) {
    int cols = cols(shape);
    return cols == 0 ? 0 : (int) (size(shape) / cols);
  }

  private static void validateTensors(List<NamedTensor> tensors, String what) {
    if (tensors == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tensors.size(); i++) {
      NamedTensor t = tensors.get(i);
      if (t == null || t.name() == null || t.shape() == null || t.rows() == null) {
        throw new IllegalArgumentException(what + "[" + i + "] or one of its fields is null");
      }
      String name = t.name();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + "[" + i + "] has an empty name");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(what + " contain the name '" + name + "' twice");
      }
      int[] shape = t.shape();
      if (shape.length > MAX_RANK) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' has rank " + shape.length + ", at most " + MAX_RANK + " is supported");
      }
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException(
              "tensor '" + name + "' has a negative dimension: " + Arrays.toString(shape));
        }
      }
      if (size(shape) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' " + Arrays.toString(shape) + " has more than 2^31-1 elements");
      }
      int rows = rows(shape);
      int cols = cols(shape);
      float[][] r = t.rows();
      if (r.length != rows) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' of shape " + Arrays.toString(shape) + " needs " + rows
                + " rows of " + cols + ", got " + r.length + " rows");
      }
      for (int j = 0; j < rows; j++) {
        if (r[j] == null || r[j].length != cols) {
          throw new IllegalArgumentException(
              "tensor '" + name + "' of shape " + Arrays.toString(shape) + ": row " + j
                  + " must have " + cols + " values, got "
                  + (r[j] == null ? "null" : r[j].length + ""));
        }
      }
    }
  }

  private static String list(List<String> names) {
    int max = 10;
    if (names.size() <= max) {
      return names.toString();
    }
    return names.subList(0, max) + " and " + (names.size() - max) + " more";
  }

  // ---- saving ---------------------------------------------------------------------------------

  private static Path createTemp(Path dir, String name) throws IOException {
    // Files.createTempFile would create the file with mode 0600; a weight file should get the usual
    // permissions (umask), so create it ourselves under a random name.
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
              + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException ignored) {
      // not supported here (e.g. Windows); the file itself was forced
    }
  }

  /** Little-endian output with a running CRC-32, buffered. */
  private static final class Writer {
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private final ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private int pos;
    private long written;

    Writer(OutputStream out) {
      this.out = out;
    }

    private void room(int n) throws IOException {
      if (pos + n > buf.length) {
        flush();
      }
    }

    private void flush() throws IOException {
      crc.update(buf, 0, pos);
      out.write(buf, 0, pos);
      written += pos;
      pos = 0;
    }

    void u32(long v) throws IOException {
      room(4);
      bb.putInt(pos, (int) v);
      pos += 4;
    }

    void u64(long v) throws IOException {
      room(8);
      bb.putLong(pos, v);
      pos += 8;
    }

    void bytes(byte[] b) throws IOException {
      for (int off = 0; off < b.length; ) {
        room(1);
        int n = Math.min(b.length - off, buf.length - pos);
        System.arraycopy(b, off, buf, pos, n);
        pos += n;
        off += n;
      }
    }

    void string(byte[] utf8) throws IOException {
      u32(utf8.length);
      bytes(utf8);
    }

    void floats(float[] row) throws IOException {
      for (int i = 0; i < row.length; i++) {
        room(4);
        bb.putInt(pos, Float.floatToRawIntBits(row[i]));
        pos += 4;
      }
    }

    /** Writes the checksum and flushes; checks the length computed in advance. */
    void finish(long length) throws IOException {
      flush();
      if (written + 4 != length) {
        throw new IllegalStateException("weights writer: computed " + length + " bytes, wrote "
            + (written + 4));
      }
      bb.putInt(0, (int) crc.getValue());
      out.write(buf, 0, 4);
      out.flush();
    }
  }

  // ---- loading --------------------------------------------------------------------------------

  /** Checks magic, version, length and checksum; returns a reader positioned after the header. */
  private static Reader open(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    ByteBuffer head = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, head, 0);
    int got = head.position();
    for (int i = 0; i < Math.min(got, MAGIC.length); i++) {
      if (head.get(i) != MAGIC[i]) {
        byte[] first = new byte[Math.min(got, MAGIC.length)];
        head.get(0, first);
        throw new WeightsFileException(
            Kind.BAD_MAGIC,
            file + ": not a kerac weights file: it starts with " + hex(first) + ", expected "
                + hex(MAGIC));
      }
    }
    if (got >= 12) {
      int version = head.getInt(8);
      if (version != VERSION) {
        throw new WeightsFileException(
            Kind.UNSUPPORTED_VERSION,
            file + ": weights format version " + Integer.toUnsignedString(version)
                + " is not supported; this kerac reads version " + VERSION
                + (Integer.compareUnsigned(version, VERSION) > 0
                    ? " (the file was written by a newer kerac)"
                    : ""));
      }
    }
    if (got < HEADER_SIZE) {
      throw new WeightsFileException(
          Kind.TRUNCATED,
          file + ": truncated: " + size + " bytes, shorter than the " + HEADER_SIZE
              + "-byte header");
    }
    long length = head.getLong(12);
    if (length < MIN_LENGTH) {
      throw new WeightsFileException(
          Kind.CORRUPT, file + ": corrupt header: declared length " + length + " is below the "
              + MIN_LENGTH + "-byte minimum");
    }
    if (size < length) {
      throw new WeightsFileException(
          Kind.TRUNCATED,
          file + ": truncated: the header declares " + length + " bytes but the file has " + size
              + " (" + (length - size) + " missing; an interrupted copy or download?)");
    }
    if (size > length) {
      throw new WeightsFileException(
          Kind.CORRUPT,
          file + ": " + (size - length) + " unexpected bytes after the declared end at " + length);
    }
    // First pass: the checksum, so that a damaged byte anywhere is reported as such.
    CRC32 crc = new CRC32();
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    long pos = 0;
    long end = length - 4;
    while (pos < end) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), end - pos));
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new WeightsFileException(Kind.TRUNCATED, file + ": truncated while reading");
      }
      buf.flip();
      crc.update(buf);
      pos += n;
    }
    ByteBuffer stored = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, stored, end);
    int expected = stored.getInt(0);
    int actual = (int) crc.getValue();
    if (expected != actual) {
      throw new WeightsFileException(
          Kind.CHECKSUM,
          file + ": checksum mismatch: stored CRC-32 " + String.format("%08x", expected)
              + ", computed " + String.format("%08x", actual) + "; the file is corrupt");
    }
    return new Reader(ch, file, HEADER_SIZE, end);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, at + b.position());
      if (n < 0) {
        return;
      }
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(String.format("%02X", x & 0xFF));
    }
    return s.length() == 0 ? "(nothing)" : s.toString();
  }

  private static Map<String, String> readMetadata(Reader r) throws IOException {
    int m = r.count("the metadata count");
    Map<String, String> meta = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      String key = r.string("metadata key #" + i);
      String value = r.string("the metadata value of '" + key + "'");
      if (meta.put(key, value) != null) {
        throw r.corrupt("metadata key '" + key + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(meta);
  }

  /**
   * Little-endian input over {@code [pos, end)} of the file. The checksum has been verified, so a
   * structure error here means a faulty writer; it is still reported, never trusted.
   */
  private static final class Reader {
    private final FileChannel ch;
    private final Path file;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private long filePos; // file offset of buf's next refill
    private final long end;

    Reader(FileChannel ch, Path file, long start, long end) {
      this.ch = ch;
      this.file = file;
      this.filePos = start;
      this.end = end;
      buf.limit(0);
    }

    /** Offset of the next unread byte. */
    private long offset() {
      return filePos - buf.remaining();
    }

    WeightsFileException corrupt(String what) {
      return new WeightsFileException(Kind.CORRUPT, file + ": corrupt at byte " + offset() + ": "
          + what);
    }

    private void need(long n, String what) throws IOException {
      if (n > end - offset()) {
        throw corrupt(what + " needs " + n + " bytes but only " + (end - offset())
            + " remain before the checksum");
      }
      if (buf.remaining() < n) {
        buf.compact();
        while (buf.position() < n) {
          buf.limit((int) Math.min(buf.capacity(), buf.position() + (end - filePos)));
          int got = ch.read(buf, filePos);
          if (got < 0) {
            throw new WeightsFileException(Kind.TRUNCATED, file + ": truncated while reading");
          }
          filePos += got;
        }
        buf.flip();
      }
    }

    private long u32(String what) throws IOException {
      need(4, what);
      return Integer.toUnsignedLong(buf.getInt());
    }

    int count(String what) throws IOException {
      long v = u32(what);
      if (v > Integer.MAX_VALUE) {
        throw corrupt(what + " is " + v + ", above 2^31-1");
      }
      return (int) v;
    }

    String string(String what) throws IOException {
      int n = count("the length of " + what);
      if (n > end - offset()) {
        throw corrupt("the length of " + what + " is " + n + " bytes but only "
            + (end - offset()) + " remain before the checksum");
      }
      byte[] b = new byte[n];
      for (int off = 0; off < n; ) {
        int k = Math.min(n - off, BUFFER);
        need(k, what);
        buf.get(b, off, k);
        off += k;
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw corrupt(what + " is not valid UTF-8");
      }
    }

    int[] shape(String name) throws IOException {
      int rank = count("the rank of tensor '" + name + "'");
      if (rank > MAX_RANK) {
        throw corrupt("tensor '" + name + "' has rank " + rank + ", at most " + MAX_RANK);
      }
      int[] shape = new int[rank];
      long size = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = count("dimension " + d + " of tensor '" + name + "'");
        size *= shape[d];
        if (size > Integer.MAX_VALUE) {
          throw corrupt("tensor '" + name + "' has more than 2^31-1 elements");
        }
      }
      return shape;
    }

    /** Reads {@code n} floats; checks the bound before allocating, so a bad count costs nothing. */
    float[] floats(int n, String what) throws IOException {
      if (4L * n > end - offset()) {
        throw corrupt(what + " needs " + 4L * n + " bytes but only " + (end - offset())
            + " remain before the checksum");
      }
      float[] dst = new float[n];
      for (int i = 0; i < dst.length; ) {
        int k = Math.min(dst.length - i, BUFFER / 4);
        need(4L * k, what);
        buf.asFloatBuffer().get(dst, i, k);
        buf.position(buf.position() + 4 * k);
        i += k;
      }
      return dst;
    }

    void skip(long n, String what) throws IOException {
      if (n > end - offset()) {
        throw corrupt(what + " needs " + n + " bytes but only " + (end - offset())
            + " remain before the checksum");
      }
      long inBuf = Math.min(n, buf.remaining());
      buf.position(buf.position() + (int) inBuf);
      long rest = n - inBuf;
      if (rest > 0) {
        filePos += rest;
        buf.limit(0);
      }
    }

    /** Checks that the data ends exactly at the checksum. */
    void end() throws WeightsFileException {
      long left = end - offset();
      if (left != 0) {
        throw corrupt(left + " unexpected bytes between the last tensor and the checksum");
      }
    }
  }
}
