package dev.kerac.runtime.io;

import dev.kerac.runtime.data.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric CSV files: one sample per line, values separated by a delimiter (a comma unless
 * given), an optional header line. Fields may be surrounded by spaces and by double quotes; blank lines
 * are skipped; a UTF-8 byte order mark is ignored. Every field must parse as a number ({@code 1},
 * {@code -2.5e-3}, {@code nan}, {@code -inf}, {@code Infinity}); the first that does not is reported with its line
 * and column.
 *
 * <pre>{@code
 * Dataset iris = Csv.read(Path.of("iris.csv"), true, -1);       // header, label in the last column
 * float[][] m = Csv.readMatrix(Path.of("features.csv"), false); // every column
 * }</pre>
 */
public final class Csv {
  private Csv() {}

  /** As {@link #read(Path, boolean, int, char)} with a comma delimiter. */
  public static Dataset read(Path file, boolean header, int labelColumn) throws IOException {
    return read(file, header, labelColumn, ',');
  }

  /**
   * Reads samples with a label column: the label becomes the one-element target row, the other
   * columns, in order, the sample row.
   *
   * @param header whether the first non-blank line holds column names (skipped)
   * @param labelColumn 0-based index of the label column; negative counts from the end ({@code -1} is
   *     the last column)
   * @throws FileFormatException on a value that is not a number, a line with a different number of
   *     columns than the first, or a label column outside the columns
   */
  public static Dataset read(Path file, boolean header, int labelColumn, char delimiter)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), header, labelColumn, delimiter);
    }
  }

  /** As {@link #read(Path, boolean, int, char)}, from a reader; {@code source} names it in errors. */
  public static Dataset read(
      Reader in, String source, boolean header, int labelColumn, char delimiter)
      throws IOException {
    float[][] all = readMatrix(in, source, header, delimiter);
    int columns = all.length == 0 ? 0 : all[0].length;
    if (all.length == 0) {
      return new Dataset(new float[0][], new float[0][]);
    }
    int label = labelColumn < 0 ? columns + labelColumn : labelColumn;
    if (label < 0 || label >= columns) {
      throw new FileFormatException(source + ": label column " + labelColumn + " is outside the "
          + columns + " columns (use 0.." + (columns - 1) + ", or -1 for the last)");
    }
    float[][] x = new float[all.length][columns - 1];
    float[][] y = new float[all.length][1];
    for (int i = 0; i < all.length; i++) {
      float[] row = all[i];
      System.arraycopy(row, 0, x[i], 0, label);
      System.arraycopy(row, label + 1, x[i], label, columns - label - 1);
      y[i][0] = row[label];
    }
    return new Dataset(x, y);
  }

  /** Reads every column of a comma-separated file as a sample row. */
  public static float[][] readMatrix(Path file, boolean header) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readMatrix(in, file.toString(), header, ',');
    }
  }

  /** Reads every column as a sample row; {@code source} names the input in errors. */
  public static float[][] readMatrix(Reader reader, String source, boolean header, char delimiter)
      throws IOException {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter must not be a quote or a line break, got "
          + (int) delimiter);
    }
    BufferedReader in =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    List<float[]> rows = new ArrayList<>();
    int columns = -1;
    int firstDataLine = 0;
    boolean skipHeader = header;
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      float[] row =
          parseLine(line, lineNo, source, delimiter, columns, firstDataLine, !header && columns < 0);
      if (columns < 0) {
        columns = row.length;
        firstDataLine = lineNo;
      }
      rows.add(row);
    }
    return rows.toArray(new float[0][]);
  }

  private static float[] parseLine(
      String line,
      int lineNo,
      String source,
      char delimiter,
      int columns,
      int firstLine,
      boolean maybeHeader)
      throws FileFormatException {
    float[] out = new float[columns < 0 ? 8 : columns];
    int n = 0;
    int start = 0;
    int len = line.length();
    while (true) {
      int end = line.indexOf(delimiter, start);
      if (end < 0) {
        end = len;
      }
      if (columns >= 0 && n == columns) {
        throw new FileFormatException(source + ": line " + lineNo + " has more than " + columns
            + " columns; line " + firstLine + " has " + columns);
      }
      if (n == out.length) {
        out = java.util.Arrays.copyOf(out, 2 * n);
      }
      out[n] = parse(line, start, end, lineNo, n + 1, source, maybeHeader);
      n++;
      if (end == len) {
        break;
      }
      start = end + 1;
    }
    if (columns >= 0 && n != columns) {
      throw new FileFormatException(source + ": line " + lineNo + " has " + n + " columns; line "
          + firstLine + " has " + columns);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static float parse(
      String line, int from, int to, int lineNo, int column, String source, boolean maybeHeader)
      throws FileFormatException {
    String field = line.substring(from, to).strip();
    if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
      field = field.substring(1, field.length() - 1).strip();
    }
    if (field.isEmpty()) {
      throw new FileFormatException(source + ": line " + lineNo + ", column " + column
          + ": empty value, expected a number");
    }
    String word = field.charAt(0) == '-' || field.charAt(0) == '+' ? field.substring(1) : field;
    if (word.equalsIgnoreCase("nan")) {
      return Float.NaN;
    }
    if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
      return field.charAt(0) == '-' ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
    }
    // Float.parseFloat also takes Java suffixes and hex ("1f", "0x1p3"); a data file has no business
    // with those, so allow only decimal syntax and NaN, Inf and Infinity in any case.
    char last = field.charAt(field.length() - 1);
    boolean javaOnly = last == 'f' || last == 'F' || last == 'd' || last == 'D'
        || field.indexOf('x') >= 0 || field.indexOf('X') >= 0;
    if (!javaOnly) {
      try {
        return Float.parseFloat(field);
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    String hint = maybeHeader ? " (if this line is a header, pass header=true)" : "";
    throw new FileFormatException(source + ": line " + lineNo + ", column " + column + ": '"
        + field + "' is not a number" + hint);
  }
}
