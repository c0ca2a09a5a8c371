package dev.kerac.runtime.model;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code model.summary()} table, character for character as Keras 3 prints it (through the
 * {@code rich} library) when its output is captured: the same box-drawing characters, column widths,
 * word wrapping inside cells, thousands separators and memory sizes.
 *
 * <p>Sizes assume float32 weights (4 bytes per parameter). Optimizer variables are float32 too, except
 * the iteration counter, which Keras on TensorFlow keeps as int64: {@link #optimizerBytes(long)}
 * follows that convention, so the numbers match the TensorFlow reference outputs.
 *
 * <pre>{@code
 * Summary.print(model, System.out);     // before training
 * Summary.print(model, 2, System.out);  // after fit with SGD (iteration + learning rate):
 *                                       // adds the "Optimizer params" line
 * String text = Summary.render("seed_mlp", model.layers());
 * }</pre>
 *
 * Output (abridged):
 *
 * <pre>
 * Model: "seed_mlp"
 * ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
 * ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
 * ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
 * │ dense (Dense)                        │ (None, 512)                 │         401,920 │
 * └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 *  Total params: 669,706 (2.55 MB)
 * </pre>
 */
public final class Summary {
  /** Keras' table width for sequential-like models (3 columns). */
  public static final int SEQUENTIAL_LINE_LENGTH = 88;

  /** Keras' table width for other functional models (4 columns, with "Connected to"). */
  public static final int FUNCTIONAL_LINE_LENGTH = 108;

  private static final double[] SEQUENTIAL_POSITIONS = {0.45, 0.80, 1.0};
  private static final double[] FUNCTIONAL_POSITIONS = {0.3, 0.56, 0.74, 1.0};
  private static final String[] SEQUENTIAL_HEADER = {"Layer (type)", "Output Shape", "Param #"};
  private static final String[] FUNCTIONAL_HEADER = {
    "Layer (type)", "Output Shape", "Param #", "Connected to"
  };
  private static final int FLOAT32_BYTES = 4;

  private Summary() {}

  /**
   * Prints the summary of a model before training, at Keras' default width (narrowed when the
   * {@code COLUMNS} environment variable says the terminal is narrower, as Keras does).
   */
  public static void print(Network network, PrintStream out) {
    print(network, -1, out);
  }

  /**
   * Prints the summary of a model whose optimizer holds {@code optimizerParams} scalars (iteration
   * counter and learning rate included), or {@code -1} for a model not trained yet (no "Optimizer
   * params" line).
   */
  public static void print(Network network, long optimizerParams, PrintStream out) {
    if (network == null || out == null) {
      throw new IllegalArgumentException(
          "expected a network and a stream, got " + network + " and " + out);
    }
    int width = terminalLineLength(SEQUENTIAL_LINE_LENGTH);
    out.print(
        render(
            network.name(),
            network.layers(),
            optimizerParams,
            optimizerBytes(optimizerParams),
            width));
    out.flush();
  }

  /** The summary of a Sequential model before training, 88 columns wide. */
  public static String render(String modelName, List<LayerInfo> layers) {
    return render(modelName, layers, -1);
  }

  /**
   * The summary of a Sequential model, 88 columns wide.
   *
   * @param optimizerParams the optimizer's scalar count (slots, iteration, learning rate), or
   *     {@code -1} before the optimizer is built (no "Optimizer params" line)
   */
  public static String render(String modelName, List<LayerInfo> layers, long optimizerParams) {
    return render(
        modelName, layers, optimizerParams, optimizerBytes(optimizerParams), SEQUENTIAL_LINE_LENGTH);
  }

  /**
   * The summary of a Sequential model (3 columns; Keras does not list a Sequential's InputLayer, so
   * {@code layers} normally starts with the first real layer).
   *
   * @param optimizerParams the optimizer's scalar count, or {@code -1} for none
   * @param optimizerBytes the optimizer variables' size in bytes (ignored when there is no optimizer)
   * @param lineLength the table width in characters ({@link #SEQUENTIAL_LINE_LENGTH} by default)
   */
  public static String render(
      String modelName,
      List<LayerInfo> layers,
      long optimizerParams,
      long optimizerBytes,
      int lineLength) {
    checkLayers(layers);
    List<String[]> rows = new ArrayList<>(layers.size());
    for (LayerInfo l : layers) {
      rows.add(new String[] {nameCell(l), shapeCell(l), formatCount(l.params())});
    }
    return renderTable(
        modelName,
        layers,
        rows,
        SEQUENTIAL_HEADER,
        SEQUENTIAL_POSITIONS,
        optimizerParams,
        optimizerBytes,
        lineLength);
  }

  /**
   * The summary of a functional model at Keras' default width, the optimizer's size following
   * {@link #optimizerBytes(long)}. Like Keras, a graph that is a single chain gets the 3-column
   * table (88 wide) and any other graph the 4-column table with "Connected to" (108 wide); input
   * layers are listed either way.
   */
  public static String renderGraph(
      String modelName, List<GraphLayerInfo> layers, long optimizerParams) {
    int width = isSequentialLike(layers) ? SEQUENTIAL_LINE_LENGTH : FUNCTIONAL_LINE_LENGTH;
    return renderGraph(
        modelName, layers, optimizerParams, optimizerBytes(optimizerParams), width);
  }

  /**
   * The summary of a functional model, with every size given explicitly.
   *
   * @param layers every layer in execution order, input layers included
   * @param lineLength the table width ({@link #FUNCTIONAL_LINE_LENGTH} for the 4-column layout)
   */
  public static String renderGraph(
      String modelName,
      List<GraphLayerInfo> layers,
      long optimizerParams,
      long optimizerBytes,
      int lineLength) {
    if (layers == null) {
      throw new IllegalArgumentException("expected a list of GraphLayerInfo, got null");
    }
    List<LayerInfo> infos = new ArrayList<>(layers.size());
    for (GraphLayerInfo g : layers) {
      if (g == null) {
        throw new IllegalArgumentException("expected GraphLayerInfo rows, got a null row");
      }
      infos.add(g.layer());
    }
    checkLayers(infos);
    boolean sequential = isSequentialLike(layers);
    List<String[]> rows = new ArrayList<>(layers.size());
    for (GraphLayerInfo g : layers) {
      LayerInfo l = g.layer();
      if (sequential) {
        rows.add(new String[] {nameCell(l), shapeCell(l), formatCount(l.params())});
      } else {
        rows.add(
            new String[] {nameCell(l), shapeCell(l), formatCount(l.params()), connections(g)});
      }
    }
    return renderTable(
        modelName,
        infos,
        rows,
        sequential ? SEQUENTIAL_HEADER : FUNCTIONAL_HEADER,
        sequential ? SEQUENTIAL_POSITIONS : FUNCTIONAL_POSITIONS,
        optimizerParams,
        optimizerBytes,
        lineLength);
  }

  /**
   * Whether Keras would print this graph as a sequence (3 columns): a single chain where every
   * layer has at most one inbound layer, feeds at most one layer, and only one layer is an input.
   */
  public static boolean isSequentialLike(List<GraphLayerInfo> layers) {
    Map<String, Integer> consumers = new HashMap<>();
    int sources = 0;
    for (GraphLayerInfo g : layers) {
      List<String> in = g.inbound();
      if (in.size() > 1) {
        return false;
      }
      if (in.isEmpty()) {
        sources++;
      }
      for (String name : in) {
        if (consumers.merge(name, 1, Integer::sum) > 1) {
          return false;
        }
      }
    }
    return sources <= 1;
  }

  /**
   * Bytes of an optimizer with {@code optimizerParams} scalars as Keras on TensorFlow counts them:
   * float32 everywhere except the int64 iteration counter ({@code 4·n + 4}); 0 for none.
   */
  public static long optimizerBytes(long optimizerParams) {
    return optimizerParams <= 0 ? 0 : FLOAT32_BYTES * optimizerParams + 4;
  }

  /** Python's {@code f"{n:,}"}: {@code 669706} becomes {@code 669,706}. */
  public static String formatCount(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder sb = new StringBuilder(digits.length() + digits.length() / 3 + 1);
    if (n < 0) {
      sb.append('-');
    }
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    sb.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      sb.append(',').append(digits, i, i + 3);
    }
    return sb.toString();
  }

  /**
   * Keras' {@code readable_memory_size}: 1024-based units {@code B, KB, MB, GB, TB, PB} and two
   * decimals rounded as Python does (exact binary value, ties to even): {@code 2.55 MB}.
   */
  public static String readableSize(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    double size = bytes;
    for (String unit : units) {
      if (size / 1024 < 1) {
        return fixed2(size) + " " + unit;
      }
      size /= 1024;
    }
    return fixed2(size) + " " + units[units.length - 1];
  }

  /**
   * Keras' table width: its default, narrowed to {@code COLUMNS - 4} when the {@code COLUMNS}
   * environment variable is set. (Python falls back to an 80-column terminal when it cannot ask the
   * terminal; Java cannot ask it either, so without {@code COLUMNS} the full default is used.)
   */
  public static int terminalLineLength(int kerasDefault) {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        int c = Integer.parseInt(columns.trim());
        if (c > 0) {
          return Math.min(kerasDefault, c - 4);
        }
      } catch (NumberFormatException ignored) {
        // not a number: behave as if unset
      }
    }
    return kerasDefault;
  }

  // ---------------------------------------------------------------------------------------------

  private static void checkLayers(List<LayerInfo> layers) {
    if (layers == null) {
      throw new IllegalArgumentException("expected a list of LayerInfo, got null");
    }
    for (LayerInfo l : layers) {
      if (l == null) {
        throw new IllegalArgumentException("expected LayerInfo rows, got a null row");
      }
    }
  }

  private static String nameCell(LayerInfo l) {
    return l.name() + " (" + l.type() + ")";
  }

  /** Python's tuple text of {@code (None, *shape)}. */
  private static String shapeCell(LayerInfo l) {
    StringBuilder sb = new StringBuilder("(None");
    for (int d : l.outputShape()) {
      sb.append(", ").append(d);
    }
    return sb.append(')').toString();
  }

  private static String connections(GraphLayerInfo g) {
    if (g.inbound().isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (String name : g.inbound()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(name).append("[0][0]");
    }
    return sb.toString();
  }

  private static String renderTable(
      String modelName,
      List<LayerInfo> layers,
      List<String[]> rows,
      String[] header,
      double[] positions,
      long optimizerParams,
      long optimizerBytes,
      int lineLength) {
    if (modelName == null) {
      throw new IllegalArgumentException("expected a model name, got null");
    }
    int[] widths = columnWidths(positions, lineLength);
    boolean[] right = new boolean[header.length];
    right[2] = true; // Param # is right-aligned, every other column left-aligned

    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(modelName).append("\"\n");
    border(sb, widths, '┏', '━', '┳', '┓');
    row(sb, header, widths, right, '┃');
    border(sb, widths, '┡', '━', '╇', '┩');
    for (int r = 0; r < rows.size(); r++) {
      if (r > 0) {
        border(sb, widths, '├', '─', '┼', '┤');
      }
      row(sb, rows.get(r), widths, right, '│');
    }
    border(sb, widths, '└', '─', '┴', '┘');

    long trainable = 0;
    long nonTrainable = 0;
    for (LayerInfo l : layers) {
      trainable += l.trainableParams();
      nonTrainable += l.nonTrainableParams();
    }
    boolean optimizer = optimizerParams >= 0;
    long optCount = optimizer ? optimizerParams : 0;
    long optBytes = optimizer ? optimizerBytes : 0;
    // Keras sums bit counts and divides by 8: plain float arithmetic on exact integers here.
    double trainableBytes = (double) (trainable * FLOAT32_BYTES);
    double nonTrainableBytes = (double) (nonTrainable * FLOAT32_BYTES);
    footer(sb, "Total params", trainable + nonTrainable + optCount,
        trainableBytes + nonTrainableBytes + optBytes);
    footer(sb, "Trainable params", trainable, trainableBytes);
    footer(sb, "Non-trainable params", nonTrainable, nonTrainableBytes);
    if (optimizer) {
      footer(sb, "Optimizer params", optCount, optBytes);
    }
    return sb.toString();
  }

  private static void footer(StringBuilder sb, String label, long count, double bytes) {
    sb.append(' ').append(label).append(": ").append(formatCount(count))
        .append(" (").append(readableSize(bytes)).append(")\n");
  }

  /**
   * Column widths (padding included, borders excluded) as rich computes them for Keras' table:
   * requested widths {@code int(pos·W) − previous} plus 2 padding cells each, then shrunk to
   * {@code W − (columns + 1)} by rich's even {@code ratio_reduce} (Python's round-half-even).
   */
  static int[] columnWidths(double[] positions, int lineLength) {
    int n = positions.length;
    int[] widths = new int[n];
    int current = 0;
    for (int i = 0; i < n; i++) {
      int w = (int) (positions[i] * lineLength) - current;
      if (w < 4) {
        throw new IllegalArgumentException(
            "summary line length " + lineLength + " is too narrow: column " + (i + 1)
                + " would be " + w + " characters wide, Keras needs at least 4");
      }
      widths[i] = w + 2;
      current += w;
    }
    int available = lineLength - (n + 1);
    int total = 0;
    for (int w : widths) {
      total += w;
    }
    if (total > available) {
      int remaining = total - available;
      int ratioLeft = n;
      for (int i = 0; i < n; i++) {
        int cut = (int) Math.min(widths[i], Math.rint((double) remaining / ratioLeft));
        widths[i] -= cut;
        remaining -= cut;
        ratioLeft--;
      }
    }
    return widths;
  }

  private static void border(StringBuilder sb, int[] widths, char left, char fill, char mid,
      char end) {
    sb.append(left);
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        sb.append(mid);
      }
      sb.append(String.valueOf(fill).repeat(widths[i]));
    }
    sb.append(end).append('\n');
  }

  private static void row(StringBuilder sb, String[] cells, int[] widths, boolean[] right,
      char divider) {
    List<List<String>> wrapped = new ArrayList<>(cells.length);
    int height = 1;
    for (int i = 0; i < cells.length; i++) {
      List<String> lines = wrap(cells[i], widths[i] - 2, right[i]);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int line = 0; line < height; line++) {
      sb.append(divider);
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          sb.append(divider);
        }
        List<String> lines = wrapped.get(i);
        String text = line < lines.size() ? lines.get(line) : " ".repeat(widths[i] - 2);
        sb.append(' ').append(text).append(' ');
      }
      sb.append(divider).append('\n');
    }
  }

  /**
   * rich's word wrap for a table cell (overflow "ellipsis", no folding): words are runs of
   * non-space with their surrounding spaces; a word that does not fit starts a new line; a word
   * longer than the cell gets a line of its own and is cut with "…". Each line is justified to
   * exactly {@code width} characters.
   */
  static List<String> wrap(String text, int width, boolean rightAlign) {
    List<Integer> breaks = new ArrayList<>();
    int offset = 0;
    int pos = 0;
    int len = text.length();
    while (pos < len) {
      // One word: leading spaces, non-spaces, trailing spaces (regex \s*\S+\s*).
      int start = pos;
      int p = pos;
      while (p < len && Character.isWhitespace(text.charAt(p))) {
        p++;
      }
      if (p == len) {
        break; // only whitespace left: no word
      }
      while (p < len && !Character.isWhitespace(text.charAt(p))) {
        p++;
      }
      int wordEnd = p; // end of the non-space part
      while (p < len && Character.isWhitespace(text.charAt(p))) {
        p++;
      }
      int wordLength = wordEnd - start;
      int fullLength = p - start;
      if (width - offset >= wordLength) {
        offset += fullLength;
      } else if (wordLength > width) {
        if (start > 0) {
          breaks.add(start);
        }
        offset = fullLength;
      } else if (offset > 0 && start > 0) {
        breaks.add(start);
        offset = fullLength;
      }
      pos = p;
    }
    List<String> lines = new ArrayList<>(breaks.size() + 1);
    int from = 0;
    for (int b : breaks) {
      lines.add(justify(text.substring(from, b), width, rightAlign));
      from = b;
    }
    lines.add(justify(text.substring(from), width, rightAlign));
    return lines;
  }

  private static String justify(String line, int width, boolean rightAlign) {
    // rstrip_end: drop trailing spaces beyond the width.
    if (line.length() > width) {
      int excess = line.length() - width;
      int spaces = line.length() - stripTrailing(line).length();
      line = line.substring(0, line.length() - Math.min(spaces, excess));
    }
    if (rightAlign) {
      line = stripTrailing(line);
    }
    if (line.length() > width) {
      line = line.substring(0, Math.max(0, width - 1)) + "…";
    }
    String pad = " ".repeat(Math.max(0, width - line.length()));
    return rightAlign ? pad + line : line + pad;
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Python's {@code "{:.2f}".format(x)}: the exact binary value rounded half-to-even. */
  private static String fixed2(double x) {
    return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
