package dev.kerac.runtime.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0) holding numbers, converting every
 * element to {@code float}. Element types: {@code f4 f8 i1 u1 i2 u2 i4 u4 i8 u8 b1} in either byte
 * order ({@code <}, {@code >}, {@code |}, {@code =}); arrays must be in C order (row-major).
 * Conversion to float rounds {@code f8} and large integers to the nearest float, as
 * {@code a.astype(np.float32)} does. Bytes after the data are ignored, as NumPy does.
 *
 * <pre>{@code
 * Npy.Array a = Npy.read(Path.of("x_train.npy"));   // e.g. shape (60000, 28, 28), dtype |u1
 * float[][] x = a.rows();                           // 60000 rows of 784
 * }</pre>
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npy() {}

  /**
   * An array read from a file.
   *
   * @param shape the NumPy shape ({@code []} for a scalar)
   * @param data the elements in row-major order
   * @param dtype the file's element type as written, e.g. {@code <f4}
   */
  public record Array(int[] shape, float[] data, String dtype) {

    /**
     * The data as rows along the first axis: shape {@code (n, a, b, ...)} gives {@code n} rows of
     * {@code a*b*...} values; {@code (n,)} gives {@code n} rows of one value; a scalar gives one row
     * of one value.
     */
    public float[][] rows() {
      int n = shape.length == 0 ? 1 : shape[0];
      int cols = n == 0 ? 0 : data.length / n;
      if (shape.length > 1 && n == 0) {
        cols = 1;
        for (int d = 1; d < shape.length; d++) {
          cols *= shape[d];
        }
      }
      float[][] out = new float[n][cols];
      for (int i = 0; i < n; i++) {
        System.arraycopy(data, i * cols, out[i], 0, cols);
      }
      return out;
    }
  }

  /**
   * Reads a whole {@code .npy} file.
   *
   * @throws FileFormatException on a bad magic string, an unknown version, an unsupported dtype,
   *     Fortran order, a malformed header or truncated data
   */
  public static Array read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /** As {@link #read(Path)}, from a stream that the caller closes; {@code source} names it. */
  public static Array read(InputStream raw, String source) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    byte[] pre = in.readNBytes(8);
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= pre.length || pre[i] != MAGIC[i]) {
        throw new FileFormatException(source + ": not a .npy file: it does not start with"
            + " \\x93NUMPY");
      }
    }
    if (pre.length < 8) {
      throw new FileFormatException(source + ": truncated inside the magic string");
    }
    int major = pre[6] & 0xFF;
    int minor = pre[7] & 0xFF;
    int headerLength;
    if (major == 1) {
      byte[] b = in.readNBytes(2);
      if (b.length < 2) {
        throw new FileFormatException(source + ": truncated inside the header length");
      }
      headerLength = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    } else if (major == 2 || major == 3) {
      byte[] b = in.readNBytes(4);
      if (b.length < 4) {
        throw new FileFormatException(source + ": truncated inside the header length");
      }
      headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (headerLength < 0) {
        throw new FileFormatException(source + ": header length above 2^31-1");
      }
    } else {
      throw new FileFormatException(source + ": .npy format version " + major + "." + minor
          + " is not supported (1.0, 2.0 and 3.0 are)");
    }
    byte[] hb = in.readNBytes(headerLength);
    if (hb.length < headerLength) {
      throw new FileFormatException(source + ": truncated inside the header: " + hb.length
          + " of " + headerLength + " bytes");
    }
    String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> header = parseHeader(text, source);

    Object descrValue = header.get("descr");
    if (descrValue instanceof List) {
      throw new FileFormatException(source + ": structured dtype " + text.strip() + " is not"
          + " supported; save a plain numeric array");
    }
    if (!(descrValue instanceof String descr)) {
      throw new FileFormatException(source + ": header has no 'descr' string: " + text.strip());
    }
    Object fortran = header.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new FileFormatException(
          source + ": header has no 'fortran_order' True/False: " + text.strip());
    }
    if ((Boolean) fortran) {
      throw new FileFormatException(source + ": the array is stored in Fortran (column-major)"
          + " order, which is not supported; save np.ascontiguousarray(a) instead");
    }
    Object shapeValue = header.get("shape");
    if (!(shapeValue instanceof List<?> dims)) {
      throw new FileFormatException(source + ": header has no 'shape' tuple: " + text.strip());
    }
    int[] shape = new int[dims.size()];
    long count = 1;
    for (int d = 0; d < shape.length; d++) {
      Object v = dims.get(d);
      if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw new FileFormatException(
            source + ": shape " + dims + " must hold non-negative integers below 2^31");
      }
      shape[d] = (int) (long) l;
      count *= l;
      if (count > Integer.MAX_VALUE - 8) {
        throw new FileFormatException(source + ": shape " + dims + " has too many elements for one"
            + " Java array");
      }
    }

    Type type = Type.of(descr, source);
    float[] data = new float[(int) count];
    int item = type.size;
    byte[] chunk = new byte[Math.max(item, (1 << 16) / item * item)];
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(type.order);
    for (int done = 0; done < data.length; ) {
      int k = (int) Math.min(data.length - done, chunk.length / item);
      int got = in.readNBytes(chunk, 0, k * item);
      if (got < k * item) {
        throw new FileFormatException(source + ": truncated: shape " + Arrays.toString(shape)
            + " of " + descr + " needs " + count * item + " bytes of data, the file has "
            + ((long) done * item + got));
      }
      type.convert(bb, data, done, k);
      done += k;
    }
    return new Array(shape, data, descr);
  }

  /** An element type: kind letter, size and byte order. */
  private record Type(char kind, int size, ByteOrder order) {
    static Type of(String descr, String source) throws FileFormatException {
      String supported = " (supported: f4 f8 i1 u1 i2 u2 i4 u4 i8 u8 b1, with byte order < > | =)";
      if (descr.length() < 3) {
        throw new FileFormatException(source + ": dtype '" + descr + "' is not supported" + supported);
      }
      char o = descr.charAt(0);
      ByteOrder order = switch (o) {
        case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
        case '>' -> ByteOrder.BIG_ENDIAN;
        case '=' -> ByteOrder.nativeOrder();
        default -> null;
      };
      char kind = descr.charAt(1);
      String size = descr.substring(2);
      boolean ok = order != null && switch (kind) {
        case 'f' -> size.equals("4") || size.equals("8");
        case 'i', 'u' -> size.equals("1") || size.equals("2") || size.equals("4") || size.equals("8");
        case 'b' -> size.equals("1");
        default -> false;
      };
      if (!ok) {
        throw new FileFormatException(source + ": dtype '" + descr + "' is not supported" + supported);
      }
      return new Type(kind, Integer.parseInt(size), order);
    }

    void convert(ByteBuffer b, float[] out, int at, int n) {
      switch (kind) {
        case 'f' -> {
          if (size == 4) {
            b.asFloatBuffer().get(out, at, n);
          } else {
            for (int i = 0; i < n; i++) {
              out[at + i] = (float) b.getDouble(8 * i);
            }
          }
        }
        case 'b' -> {
          for (int i = 0; i < n; i++) {
            out[at + i] = b.get(i) != 0 ? 1f : 0f;
          }
        }
        case 'i' -> {
          for (int i = 0; i < n; i++) {
            out[at + i] = switch (size) {
              case 1 -> b.get(i);
              case 2 -> b.getShort(2 * i);
              case 4 -> b.getInt(4 * i);
              default -> b.getLong(8 * i);
            };
          }
        }
        default -> { // 'u'
          for (int i = 0; i < n; i++) {
            out[at + i] = switch (size) {
              case 1 -> b.get(i) & 0xFF;
              case 2 -> b.getShort(2 * i) & 0xFFFF;
              case 4 -> Integer.toUnsignedLong(b.getInt(4 * i));
              default -> unsignedToFloat(b.getLong(8 * i));
            };
          }
        }
      }
    }

    private static float unsignedToFloat(long v) {
      if (v >= 0) {
        return v;
      }
      // Halve (keeping the lowest bit so rounding stays correct), convert, double.
      return 2f * (float) ((v >>> 1) | (v & 1));
    }
  }

  // ---- the header: a Python dict literal ------------------------------------------------------

  /**
   * Parses the header dict: string keys; values are strings, True/False/None, integers, or tuples and
   * lists of those (tuples and lists both become {@link List}).
   */
  static Map<String, Object> parseHeader(String text, String source) throws FileFormatException {
    Literal p = new Literal(text, source);
    p.ws();
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the dict");
    }
    if (!(v instanceof Map)) {
      throw p.error("the header is not a dict");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    return m;
  }

  private static final class Literal {
    final String s;
    final String source;
    int i;

    Literal(String s, String source) {
      this.s = s;
      this.source = source;
    }

    FileFormatException error(String what) {
      return new FileFormatException(source + ": malformed .npy header at character " + i + ": "
          + what + " in " + s.strip());
    }

    void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean eat(char c) {
      ws();
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    Object value() throws FileFormatException {
      ws();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        while (!eat('}')) {
          Object k = value();
          if (!(k instanceof String key)) {
            throw error("dict key is not a string");
          }
          if (!eat(':')) {
            throw error("expected ':'");
          }
          m.put(key, value());
          if (!eat(',')) {
            if (!eat('}')) {
              throw error("expected ',' or '}'");
            }
            break;
          }
        }
        return m;
      }
      if (c == '(' || c == '[') {
        char close = c == '(' ? ')' : ']';
        i++;
        List<Object> l = new ArrayList<>();
        while (!eat(close)) {
          l.add(value());
          if (!eat(',')) {
            if (!eat(close)) {
              throw error("expected ',' or '" + close + "'");
            }
            break;
          }
        }
        return l;
      }
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String v = s.substring(i + 1, end);
        i = end + 1;
        return v;
      }
      if (c == '-' || Character.isDigit(c)) {
        int start = i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        String digits = s.substring(start, i);
        if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
          i++; // Python 2 long
        }
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw error("bad integer '" + digits + "'");
        }
      }
      for (String word : new String[] {"True", "False", "None"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
        }
      }
      throw error("unexpected '" + c + "'");
    }
  }
}
