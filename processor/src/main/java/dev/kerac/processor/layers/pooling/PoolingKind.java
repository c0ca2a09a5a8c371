package dev.kerac.processor.layers.pooling;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
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
 * <p>Max pooling records, in the forward pass, the input index each output came from (first maximum
 * wins ties) in int rows; the backward pass adds {@code dy} there. It records in inference passes
 * too: backward may follow one (gradient checks do), and with conditional moves the recording costs
 * little (measured: branch-free max + argmax about 3× faster than the branching loop on random data).
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
    if (input.rank() != rank + 1) {
      String expected = rank == 1 ? "2 (steps, channels)" : "3 (height, width, channels)";
      String hint = rank == 2 && input.rank() == 1
          ? "; add @Reshape(targetShape = {height, width, channels}) before it" : "";
      report.error(a.element(), a.mirror(), Message.SHAPE_RANK, kerasType(), layer.name(), expected, input, hint);
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

  @Override
  public void forward(LayerCode c) {
    Geometry g = geometry(c.node().annotation(), c.inShape());
    int ch = g.channels();
    var code = c.code();
    String arg = null;
    if (max) {
      arg = argmax(c);
      // Grown lazily: the model's capacity may have grown since construction (ensureCapacity).
      code.beginControlFlow("if ($N.length < batch)", arg)
          .addStatement("$N = new int[capacity][$L]", arg, g.outSize())
          .endControlFlow();
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    if (max) {
      code.addStatement("int[] arg = $N[b]", arg);
    }
    openWindows(code, g);
    if (max) {
      code.add("// The window's first cell starts the maximum; only a strictly larger value moves the argmax,\n");
      code.add("// so the first maximum wins ties. Conditional moves, not branches, which mispredict.\n");
      code.addStatement("int first = $L", cell(g, "h0", "w0"));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[o + c] = x[first + c]")
          .addStatement("arg[o + c] = first + c")
          .endControlFlow();
    } else {
      code.addStatement("$T.fill(y, o, o + $L, 0f)", Arrays.class, ch);
    }
    openCells(code, g);
    code.beginControlFlow("for (int c = 0; c < $L; c++)", ch);
    if (max) {
      code.addStatement("float v = x[q + c]")
          .addStatement("float m = y[o + c]")
          .addStatement("arg[o + c] = v > m ? q + c : arg[o + c]")
          .addStatement("y[o + c] = Math.max(m, v)");
    } else {
      code.addStatement("y[o + c] += x[q + c]");
    }
    code.endControlFlow();
    closeCells(code, g);
    if (!max) {
      code.addStatement("float count = $L", count(g));
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[o + c] /= count")
          .endControlFlow();
    }
    closeWindows(code, g);
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    Geometry g = geometry(c.node().annotation(), c.inShape());
    int ch = g.channels();
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    code.addStatement("$T.fill(dx, 0f)", Arrays.class);
    if (max) {
      // Each output's gradient goes to the cell its maximum came from; overlapping windows add up.
      code.addStatement("int[] arg = $N[b]", argmax(c));
      code.beginControlFlow("for (int o = 0; o < $L; o++)", g.outSize())
          .addStatement("dx[arg[o]] += dy[o]")
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
    if (rank == 2) {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", g.rows().out());
      code.addStatement("int h0 = $L", start(g.rows(), "i"));
      code.addStatement("int h1 = $L", end(g.rows(), "i", "h0"));
    }
    code.beginControlFlow("for (int j = 0; j < $L; j++)", g.cols().out());
    code.addStatement("int w0 = $L", start(g.cols(), "j"));
    code.addStatement("int w1 = $L", end(g.cols(), "j", "w0"));
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
