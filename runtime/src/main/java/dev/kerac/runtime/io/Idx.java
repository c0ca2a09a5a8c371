package dev.kerac.runtime.io;

import dev.kerac.runtime.data.Dataset;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type
 * byte, the number of dimensions, then each dimension as a 32-bit integer) followed by the data. Only
 * unsigned-byte data (type {@code 0x08}) is read: images with magic {@code 0x00000803} (count, rows,
 * columns; any rank of at least 2 is accepted) and labels with magic {@code 0x00000801}. Files may be
 * raw or gzip-compressed; gzip is recognised by its first two bytes ({@code 1f 8b}), not by the name.
 *
 * <pre>{@code
 * float[][] x = Idx.readImages(Path.of("train-images-idx3-ubyte.gz"), true);   // 60000 x 784 in [0, 1]
 * int[] y = Idx.readLabels(Path.of("train-labels-idx1-ubyte.gz"));            // 60000 class ids
 * Dataset train = Idx.readDataset(images, labels, true, Integer.MAX_VALUE);
 * }</pre>
 */
public final class Idx {
  /** Magic number of unsigned-byte image files (3 dimensions). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of unsigned-byte label files (1 dimension). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int UBYTE = 0x08;
  // p / 255f for every byte: exactly numpy's x.astype("float32") / 255 (correctly rounded division).
  private static final float[] SCALED = new float[256];

  static {
    for (int p = 0; p < 256; p++) {
      SCALED[p] = p / 255f;
    }
  }

  private Idx() {}

  /** As {@link #readImages(Path, boolean, int)} with no limit. */
  public static float[][] readImages(Path file, boolean scale) throws IOException {
    return readImages(file, scale, Integer.MAX_VALUE);
  }

  /**
   * Reads the first {@code limit} images of an image file, each flattened to one row in row-major
   * order.
   *
   * @param scale {@code true} to map pixel values 0..255 to {@code p / 255f} in [0, 1], {@code false}
   *     to keep 0..255
   * @param limit the most images to read (the file may hold more)
   * @throws FileFormatException on a wrong magic number or truncated data; the message names the file
   */
  public static float[][] readImages(Path file, boolean scale, int limit) throws IOException {
    checkLimit(limit);
    try (InputStream in = decompress(Files.newInputStream(file), file.toString())) {
      return images(in, file.toString(), scale, limit);
    }
  }

  /**
   * As {@link #readImages(Path, boolean, int)}, from a stream (raw or gzip) that the caller closes;
   * {@code source} names it in errors.
   */
  public static float[][] readImages(InputStream raw, String source, boolean scale, int limit)
      throws IOException {
    checkLimit(limit);
    return images(decompress(raw, source), source, scale, limit);
  }

  private static float[][] images(InputStream in, String source, boolean scale, int limit)
      throws IOException {
    int[] dims = header(in, source, true);
    int count = dims[0];
    long pixels = 1;
    for (int d = 1; d < dims.length; d++) {
      pixels *= dims[d];
      if (pixels > Integer.MAX_VALUE - 8) {
        throw new FileFormatException(source + ": images of " + shape(dims) + " are too large");
      }
    }
    int n = Math.min(count, limit);
    int size = (int) pixels;
    // Grown as data arrives, so that a damaged count cannot demand a huge allocation up front.
    float[][] out = new float[Math.min(n, 1024)][];
    byte[] buf = new byte[size];
    for (int i = 0; i < n; i++) {
      if (i == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
      }
      int got = in.readNBytes(buf, 0, size);
      if (got < size) {
        throw new FileFormatException(source + ": truncated: the header announces " + count
            + " images of " + shape(dims) + " (" + (long) count * size + " bytes of pixels), but the"
            + " data ends inside image " + i);
      }
      float[] row = new float[size];
      out[i] = row;
      for (int j = 0; j < size; j++) {
        int p = buf[j] & 0xFF;
        row[j] = scale ? SCALED[p] : p;
      }
    }
    if (n == count) {
      expectEnd(in, source, "the last image");
    }
    return out;
  }

  /** As {@link #readLabels(Path, int)} with no limit. */
  public static int[] readLabels(Path file) throws IOException {
    return readLabels(file, Integer.MAX_VALUE);
  }

  /**
   * Reads the first {@code limit} labels of a label file.
   *
   * @throws FileFormatException on a wrong magic number or truncated data
   */
  public static int[] readLabels(Path file, int limit) throws IOException {
    checkLimit(limit);
    try (InputStream in = decompress(Files.newInputStream(file), file.toString())) {
      return labels(in, file.toString(), limit);
    }
  }

  /**
   * As {@link #readLabels(Path, int)}, from a stream (raw or gzip) that the caller closes;
   * {@code source} names it in errors.
   */
  public static int[] readLabels(InputStream raw, String source, int limit) throws IOException {
    checkLimit(limit);
    return labels(decompress(raw, source), source, limit);
  }

  private static int[] labels(InputStream in, String source, int limit) throws IOException {
    int count = header(in, source, false)[0];
    int n = Math.min(count, limit);
    byte[] buf = in.readNBytes(n); // grows as data arrives: a damaged count cannot over-allocate
    int got = buf.length;
    if (got < n) {
      throw new FileFormatException(source + ": truncated: the header announces " + count
          + " labels, but the data ends after " + got);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = buf[i] & 0xFF;
    }
    if (n == count) {
      expectEnd(in, source, "the last label");
    }
    return out;
  }

  /**
   * Reads an image file and its label file into a {@link Dataset} whose targets are one-element rows
   * {@code {class id}}.
   *
   * @throws FileFormatException if the two files hold different numbers of items, or as the readers
   */
  public static Dataset readDataset(Path images, Path labels, boolean scale, int limit)
      throws IOException {
    int imageCount = count(images, true);
    int labelCount = count(labels, false);
    if (imageCount != labelCount) {
      throw new FileFormatException("count mismatch: " + images + " holds " + imageCount
          + " images but " + labels + " holds " + labelCount + " labels");
    }
    return Dataset.of(readImages(images, scale, limit), readLabels(labels, limit));
  }

  /** The item count in a file's header. */
  private static int count(Path file, boolean images) throws IOException {
    try (InputStream in = decompress(Files.newInputStream(file), file.toString())) {
      return header(in, file.toString(), images)[0];
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  /** Buffers and, when the stream starts with the gzip magic {@code 1f 8b}, decompresses. */
  private static InputStream decompress(InputStream raw, String source) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        return new GuardedStream(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16),
            source);
      } catch (ZipException | EOFException e) {
        throw new FileFormatException(source + ": broken gzip header: " + e.getMessage(), e);
      }
    }
    return in;
  }

  /** Reads and checks the magic number and dimensions; returns the dimensions. */
  private static int[] header(InputStream in, String source, boolean images) throws IOException {
    byte[] h = new byte[4];
    int got = in.readNBytes(h, 0, 4);
    String expected = images
        ? "IDX images magic 0x00000803 (unsigned bytes, 3 dimensions)"
        : "IDX labels magic 0x00000801 (unsigned bytes, 1 dimension)";
    if (got < 4) {
      throw new FileFormatException(source + ": truncated: " + got + " bytes, expected the 4-byte "
          + expected);
    }
    int magic = ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
    int rank = h[3] & 0xFF;
    boolean ok = h[0] == 0 && h[1] == 0 && (h[2] & 0xFF) == UBYTE
        && (images ? rank >= 2 : rank == 1);
    if (!ok) {
      throw new FileFormatException(source + ": expected " + expected + ", found "
          + String.format("0x%08X", magic) + describe(h));
    }
    int[] dims = new int[rank];
    for (int d = 0; d < rank; d++) {
      got = in.readNBytes(h, 0, 4);
      if (got < 4) {
        throw new FileFormatException(source + ": truncated inside the header (dimension " + d
            + " of " + rank + ")");
      }
      dims[d] = ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
      if (dims[d] < 0) {
        throw new FileFormatException(
            source + ": dimension " + d + " is " + Integer.toUnsignedString(dims[d])
                + ", above 2^31-1");
      }
    }
    return dims;
  }

  private static String describe(byte[] h) {
    if (h[0] == 0x1f && (h[1] & 0xFF) == 0x8b) {
      return " (gzip data inside gzip?)";
    }
    if (h[0] != 0 || h[1] != 0) {
      return " (not an IDX file)";
    }
    String type = switch (h[2] & 0xFF) {
      case 0x08 -> "unsigned bytes";
      case 0x09 -> "signed bytes";
      case 0x0B -> "shorts";
      case 0x0C -> "ints";
      case 0x0D -> "floats";
      case 0x0E -> "doubles";
      default -> "unknown type " + String.format("0x%02X", h[2] & 0xFF);
    };
    int rank = h[3] & 0xFF;
    return " (" + type + ", " + rank + (rank == 1 ? " dimension" : " dimensions")
        + (rank == 1 ? ": a label file?" : rank == 3 ? ": an image file?" : "") + ")";
  }

  private static String shape(int[] dims) {
    StringBuilder s = new StringBuilder();
    for (int d = 1; d < dims.length; d++) {
      s.append(d > 1 ? "x" : "").append(dims[d]);
    }
    return s.toString();
  }

  private static void expectEnd(InputStream in, String source, String what) throws IOException {
    if (in.read() != -1) {
      throw new FileFormatException(source + ": unexpected data after " + what
          + " (the header's count is smaller than the data)");
    }
  }

  /** Turns the decompressor's end-of-stream and format errors into messages naming the file. */
  private static final class GuardedStream extends java.io.FilterInputStream {
    private final String source;

    GuardedStream(InputStream in, String source) {
      super(in);
      this.source = source;
    }

    private FileFormatException wrap(IOException e) {
      return new FileFormatException(source + ": "
          + (e instanceof EOFException ? "truncated: the compressed data ends early"
              : "corrupt gzip data: " + e.getMessage()), e);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException | ZipException e) {
        throw wrap(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (EOFException | ZipException e) {
        throw wrap(e);
      }
    }
  }
}
