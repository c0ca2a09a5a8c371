package dev.kerac.processor.layers.pooling;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * Keras max and average pooling over 1 or 2 spatial axes, channels last (KERAS_SEMANTICS §1.12). A
 * 1-D layer is a 2-D one of height 1. Windows are visited cell by cell with the channels innermost,
 * so every inner loop runs over contiguous memory. 'same' windows are clipped to the input: for max
 * that equals padding with -infinity, for average it divides by the in-bounds cells only.
 *
 * <p>Max pooling in a training pass records the input index each output came from (first maximum
 * wins ties) in int rows; the backward pass scatters {@code dy} there. An inference pass computes
 * the maximum only (a 2x2 pool of 26x26x32: 7.5 against 24 us with the argmax); a backward pass
 * after one (gradient checks do that) first finds the argmax from the stored input, with the same
 * code as training. Small unclipped windows (up to 3x3) are written out cell by cell, which keeps
 * the running maximum in registers: training's max + argmax took 15.5 instead of 24 us.
 */
public abstract class PoolingKind implements LayerKind {
  static final TypeName INT_ROWS = ArrayTypeName.of(ArrayTypeName.of(int.class));

  private final int rank;
  private final boolean max;

  /**
   * @param rank number of spatial axes (1 or 2)
   * @param max max pooling, else average pooling
   */
  protected PoolingKind(int rank, boolean max) {
    this.rank = rank;
    this.max = max;
  }

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.pooling." + kerasType();
  }

  private String axes() {
    return rank == 1 ? "steps" : "height, width";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    Windows.perAxis(a, "poolSize", rank, axes(), report);
    if (a.getIntArray("strides").length > 0) {
      Windows.perAxis(a, "strides", rank, axes(), report);
    }
    if (a.getEnum("padding").equals("CAUSAL")) {
      report.error(a.element(), a.mirror(), "padding", Message.POOL_PADDING, a.simpleName());
    }
  }

  /** The pooling geometry: {@code rows} (trivial for 1-D), {@code cols}, channels. */
  record Geometry(Windows.Axis rows, Windows.Axis cols, int channels) {
    int outSize() {
      return rows.out() * cols.out() * channels;
    }
  }

  private Geometry geometry(AnnotationReader a, Shape input) {
    int[] pool = Windows.perAxis(a, "poolSize", rank);
    int[] strides = a.getIntArray("strides").length == 0 ? pool : Windows.perAxis(a, "strides", rank);
    boolean same = a.getEnum("padding").equals("SAME");
    if (rank == 1) {
      return new Geometry(Windows.Axis.of(1, 1, 1, false),
          Windows.Axis.of(input.dim(0), pool[0], strides[0], same), input.dim(1));
    }
    return new Geometry(Windows.Axis.of(input.dim(0), pool[0], strides[0], same),
        Windows.Axis.of(input.dim(1), pool[1], strides[1], same), input.dim(2));
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (!Checks.spatialInput(layer, kerasType(), input, rank, report)) {
      return null;
    }
    Geometry g = geometry(a, input);
    Windows.Axis[] axes = rank == 1 ? new Windows.Axis[] {g.cols()} : new Windows.Axis[] {g.rows(), g.cols()};
    String[] names = rank == 1 ? new String[] {"steps"} : new String[] {"height", "width"};
    for (int d = 0; d < rank; d++) {
      if (axes[d].out() <= 0) {
        report.error(a.element(), a.mirror(), "poolSize", Message.POOL_TOO_LARGE, kerasType(), layer.name(),
            Arrays.toString(Windows.perAxis(a, "poolSize", rank)), input, names[d], axes[d].k(), axes[d].n());
        return null;
      }
    }
    return rank == 1 ? new Shape(g.cols().out(), g.channels())
        : new Shape(g.rows().out(), g.cols().out(), g.channels());
  }

  @Override
  public String describe(LayerNode layer) {
    AnnotationReader a = layer.annotation();
    int[] pool = Windows.perAxis(a, "poolSize", rank);
    int[] strides = a.getIntArray("strides").length == 0 ? pool : Windows.perAxis(a, "strides", rank);
    return "pool " + join(pool) + ", strides " + join(strides) + ", "
        + a.getEnum("padding").toLowerCase(java.util.Locale.ROOT);
  }

  private static String join(int[] v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : "x").append(v[i]);
    }
    return b.toString();
  }

  /** The int rows holding, per output element, the input index of its maximum. */
  private static String argmax(LayerCode c) {
    return c.variable("Argmax", INT_ROWS, CodeBlock.of("new int[capacity][$L]", c.outShape().size()));
  }

  /** Whether the argmax rows hold the last forward pass's argmax (a training pass records it). */
  private static String recorded(LayerCode c) {
    return c.variable("ArgmaxRecorded", TypeName.BOOLEAN, CodeBlock.of("false"));
  }

  /**
   * Whether windows are small and never clipped: their cells are then written out one by one (no
   * loops over cells), which keeps the running maximum in a register and lets the JIT vectorize.
   */
  private static boolean unrolled(Geometry g) {
    return !g.rows().padded() && !g.cols().padded() && g.rows().k() * g.cols().k() <= MAX_UNROLLED_CELLS;
  }

  /** Largest window written out cell by cell (3x3); larger windows loop over their cells. */
  private static final int MAX_UNROLLED_CELLS = 9;

  @Override
  public void forward(LayerCode c) {
    if (max) {
      forwardMax(c);
      return;
    }
    Geometry g = geometry(c.node().annotation(), c.inShape());
    int ch = g.channels();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    openWindows(code, g);
    code.addStatement("$T.fill(y, o, o + $L, 0f)", Arrays.class, ch);
    openCells(code, g);
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
        .addStatement("y[o + c] += x[q + c]")
        .endControlFlow();
    closeCells(code, g);
    code.addStatement("float count = $L", count(g));
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
        .addStatement("y[o + c] /= count")
        .endControlFlow();
    closeWindows(code, g);
    code.endControlFlow();
  }

  /**
   * Max pooling forward. Inference computes only the maximum; training also records the argmax for
   * the backward pass. Both give the same output bits (Math.max is associative, also for -0 and NaN).
   */
  private void forwardMax(LayerCode c) {
    Geometry g = geometry(c.node().annotation(), c.inShape());
    var code = c.code();
    String arg = argmax(c);
    code.addStatement("$N = training", recorded(c));
    code.beginControlFlow("if (training)");
    code.add("// Training: record where each maximum came from, for the backward pass.\n");
    growArgmax(c, g);
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    code.addStatement("int[] arg = $N[b]", arg);
    emitArgmax(code, g, true);
    code.endControlFlow();
    code.nextControlFlow("else");
    int ch = g.channels();
    code.add("// Inference: the maximum only, channels innermost so the JIT vectorizes. A backward pass\n");
    code.add("// after this one finds the argmax from the stored input.\n");
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    openWindows(code, g, !unrolled(g));
    if (unrolled(g)) {
      code.addStatement("int p = $L", cell(g, "h0", "w0"));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[o + c] = $L", maxTree(cellOffsets(g), 0, g.rows().k() * g.cols().k()))
          .endControlFlow();
    } else {
      code.addStatement("$T.arraycopy(x, $L, y, o, $L)", System.class, cell(g, "h0", "w0"), ch);
      openCells(code, g);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[o + c] = Math.max(y[o + c], x[q + c])")
          .endControlFlow();
      closeCells(code, g);
    }
    closeWindows(code, g);
    code.endControlFlow();
    code.endControlFlow();
  }

  /** Grows the argmax rows: the model's capacity may have grown since construction (ensureCapacity). */
  private static void growArgmax(LayerCode c, Geometry g) {
    String arg = argmax(c);
    c.code().beginControlFlow("if ($N.length < batch)", arg)
        .addStatement("$N = new int[capacity][$L]", arg, g.outSize())
        .endControlFlow();
  }

  /**
   * Emits, for sample rows x, arg (and y if {@code writeY}), the maximum and argmax of every window.
   * The window's first cell starts the maximum; only a strictly larger value moves the argmax, so the
   * first maximum wins ties, and after a NaN nothing is larger (the output is NaN). Conditional moves,
   * not branches, which mispredict.
   */
  private void emitArgmax(CodeBlock.Builder code, Geometry g, boolean writeY) {
    int ch = g.channels();
    openWindows(code, g, !unrolled(g));
    if (unrolled(g)) {
      // One pass over the channels with the window's cells written out: max and argmax in registers.
      int[] offsets = cellOffsets(g);
      code.addStatement("int p = $L", cell(g, "h0", "w0"));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch);
      code.addStatement("float m = x[p + c]");
      code.addStatement("int at = p + c");
      code.addStatement("float v");
      for (int t = 1; t < offsets.length; t++) {
        String q = "p + " + offsets[t] + " + c";
        code.addStatement("v = x[$L]", q);
        code.addStatement("at = v > m ? $L : at", q);
        code.addStatement("m = Math.max(m, v)");
      }
      if (writeY) {
        code.addStatement("y[o + c] = m");
      }
      code.addStatement("arg[o + c] = at");
      code.endControlFlow();
    } else {
      code.addStatement("int first = $L", cell(g, "h0", "w0"));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("$L = x[first + c]", writeY ? "y[o + c]" : "max[c]")
          .addStatement("arg[o + c] = first + c")
          .endControlFlow();
      openCells(code, g);
      String m = writeY ? "y[o + c]" : "max[c]";
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("float v = x[q + c]")
          .addStatement("float m = $L", m)
          .addStatement("arg[o + c] = v > m ? q + c : arg[o + c]")
          .addStatement("$L = Math.max(m, v)", m)
          .endControlFlow();
      closeCells(code, g);
    }
    closeWindows(code, g);
  }

  /** The offsets of a window's cells from its first cell, row by row. */
  private static int[] cellOffsets(Geometry g) {
    int kh = g.rows().k();
    int kw = g.cols().k();
    int[] offsets = new int[kh * kw];
    for (int dh = 0; dh < kh; dh++) {
      for (int dw = 0; dw < kw; dw++) {
        offsets[dh * kw + dw] = (dh * g.cols().n() + dw) * g.channels();
      }
    }
    return offsets;
  }

  /** {@code Math.max} over the cells {@code [from, to)} as a balanced tree (short dependency chains). */
  private static String maxTree(int[] offsets, int from, int to) {
    if (to - from == 1) {
      return offsets[from] == 0 ? "x[p + c]" : "x[p + " + offsets[from] + " + c]";
    }
    int mid = (from + to) / 2;
    return "Math.max(" + maxTree(offsets, from, mid) + ", " + maxTree(offsets, mid, to) + ")";
  }

  @Override
  public void backward(LayerCode c) {
    Geometry g = geometry(c.node().annotation(), c.inShape());
    int ch = g.channels();
    var code = c.code();
    if (max) {
      String arg = argmax(c);
      code.beginControlFlow("if (!$N)", recorded(c));
      code.add("// The forward pass was an inference one: find the argmax now, from the stored input.\n");
      growArgmax(c, g);
      if (!unrolled(g)) {
        String scratch = c.field("Max", ArrayTypeName.of(float.class), CodeBlock.of("new float[$L]", ch));
        code.addStatement("float[] max = $N", scratch);
      }
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("float[] x = $N[b]", c.in());
      code.addStatement("int[] arg = $N[b]", arg);
      emitArgmax(code, g, false);
      code.endControlFlow();
      code.endControlFlow();
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.fill(dx, 0f)", Arrays.class);
    if (max) {
      // Each output's gradient goes to the cell its maximum came from. Scattering into a zeroed dx
      // beats writing every cell of each window (measured 3.5 against 11 us for 26x26x32, pool 2).
      code.addStatement("int[] arg = $N[b]", argmax(c));
      boolean disjoint = g.rows().s() >= g.rows().k() && g.cols().s() >= g.cols().k();
      code.add(disjoint ? "// Windows do not overlap: every cell receives at most one gradient.\n"
          : "// Overlapping windows add up.\n");
      code.beginControlFlow("for (int o = 0; o < $L; o++)", g.outSize())
          .addStatement(disjoint ? "dx[arg[o]] = dy[o]" : "dx[arg[o]] += dy[o]")
          .endControlFlow();
    } else {
      // Each in-bounds cell of a window receives dy / (number of in-bounds cells).
      String share = c.field("Share", ArrayTypeName.of(float.class), CodeBlock.of("new float[$L]", ch));
      code.addStatement("float[] share = $N", share);
      openWindows(code, g);
      code.addStatement("float count = $L", count(g));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("share[c] = dy[o + c] / count")
          .endControlFlow();
      openCells(code, g);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("dx[q + c] += share[c]")
          .endControlFlow();
      closeCells(code, g);
      closeWindows(code, g);
    }
    code.endControlFlow();
  }

  /** Opens the loops over output windows; defines h0, h1 (rows), w0, w1 (columns) and o. */
  private void openWindows(CodeBlock.Builder code, Geometry g) {
    openWindows(code, g, true);
  }

  /** As {@link #openWindows(CodeBlock.Builder, Geometry)}; without {@code ends}, h1 and w1 are left out. */
  private void openWindows(CodeBlock.Builder code, Geometry g, boolean ends) {
    if (rank == 2) {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", g.rows().out());
      code.addStatement("int h0 = $L", start(g.rows(), "i"));
      if (ends) {
        code.addStatement("int h1 = $L", end(g.rows(), "i", "h0"));
      }
    }
    code.beginControlFlow("for (int j = 0; j < $L; j++)", g.cols().out());
    code.addStatement("int w0 = $L", start(g.cols(), "j"));
    if (ends) {
      code.addStatement("int w1 = $L", end(g.cols(), "j", "w0"));
    }
    code.addStatement("int o = $L", rank == 2
        ? "(i * " + g.cols().out() + " + j) * " + g.channels() : "j * " + g.channels());
  }

  private void closeWindows(CodeBlock.Builder code, Geometry g) {
    code.endControlFlow();
    if (rank == 2) {
      code.endControlFlow();
    }
  }

  /** Opens the loops over a window's in-bounds cells; defines q, the cell's first channel. */
  private void openCells(CodeBlock.Builder code, Geometry g) {
    if (rank == 2) {
      code.beginControlFlow("for (int h = h0; h < h1; h++)");
    }
    code.beginControlFlow("for (int w = w0; w < w1; w++)");
    code.addStatement("int q = $L", cell(g, "h", "w"));
  }

  private void closeCells(CodeBlock.Builder code, Geometry g) {
    code.endControlFlow();
    if (rank == 2) {
      code.endControlFlow();
    }
  }

  private String cell(Geometry g, String h, String w) {
    return rank == 2 ? "(" + h + " * " + g.cols().n() + " + " + w + ") * " + g.channels()
        : w + " * " + g.channels();
  }

  /** First in-bounds input index of window {@code i} along an axis. */
  private static String start(Windows.Axis a, String i) {
    String at = a.s() == 1 ? i : i + " * " + a.s();
    if (!a.padded()) {
      return at;
    }
    return a.before() == 0 ? at : "Math.max(" + at + " - " + a.before() + ", 0)";
  }

  /** One past the last in-bounds input index of window {@code i} along an axis. */
  private static String end(Windows.Axis a, String i, String start) {
    if (!a.padded()) {
      return start + " + " + a.k();
    }
    String at = a.s() == 1 ? i : i + " * " + a.s();
    int shift = a.k() - a.before();
    return "Math.min(" + at + (shift >= 0 ? " + " + shift : " - " + -shift) + ", " + a.n() + ")";
  }

  /** The number of in-bounds cells of the current window: a literal unless 'same' clips it. */
  private String count(Geometry g) {
    boolean clipped = g.rows().padded() || g.cols().padded();
    if (!clipped) {
      return g.rows().k() * g.cols().k() + "f";
    }
    return rank == 2 ? "(h1 - h0) * (w1 - w0)" : "w1 - w0";
  }
}
