package dev.kerac.processor.layers.reshaping;

import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * Keras {@code Permute} (KERAS_SEMANTICS §1.5): output axis {@code k} is input axis
 * {@code dims[k] - 1}. The generated code walks the output in order with one loop per axis and
 * reads the input through its strides; when the last axis stays last, the innermost loop is a
 * contiguous copy. The backward pass is the same walk with the copy reversed (a permutation: every
 * {@code dx} element is written exactly once).
 */
public final class PermuteKind implements LayerKind {

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.reshaping.Permute";
  }

  @Override
  public String kerasType() {
    return "Permute";
  }

  @Override
  public void check(AnnotationReader a, Report report) {
    int[] dims = a.getIntArray("dims");
    boolean[] seen = new boolean[dims.length + 1];
    boolean ok = dims.length > 0;
    for (int d : dims) {
      if (d < 1 || d > dims.length || seen[d]) {
        ok = false;
        break;
      }
      seen[d] = true;
    }
    if (!ok) {
      report.error(a.element(), a.mirror(), "dims", Message.PERMUTE_NOT_PERMUTATION, dims.length,
          Arrays.toString(dims));
    }
  }

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    int[] dims = a.getIntArray("dims");
    if (dims.length != input.rank()) {
      report.error(a.element(), a.mirror(), "dims", Message.PERMUTE_RANK, layer.name(), Arrays.toString(dims),
          dims.length, input, input.rank());
      return null;
    }
    int[] out = new int[dims.length];
    for (int k = 0; k < dims.length; k++) {
      out[k] = input.dim(dims[k] - 1);
    }
    return new Shape(out);
  }

  @Override
  public String describe(LayerNode layer) {
    return "dims " + Arrays.toString(layer.annotation().getIntArray("dims"));
  }

  @Override
  public void forward(LayerCode c) {
    emit(c, c.in(), c.out(), true);
  }

  @Override
  public void backward(LayerCode c) {
    emit(c, c.dIn(), c.dOut(), false);
  }

  /** The walk over the output; {@code forward}: out = in permuted, else dIn = dOut permuted back. */
  private static void emit(LayerCode c, String inRows, String outRows, boolean forward) {
    int[] dims = c.node().annotation().getIntArray("dims");
    Shape in = c.inShape();
    Shape out = c.outShape();
    int rank = dims.length;
    int[] inStride = new int[rank];
    int[] outStride = new int[rank];
    for (int k = rank - 1, si = 1, so = 1; k >= 0; k--) {
      inStride[k] = si;
      outStride[k] = so;
      si *= in.dim(k);
      so *= out.dim(k);
    }
    String x = forward ? "x" : "dx";
    String y = forward ? "y" : "dy";
    CodeBlock.Builder code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] $L = $N[b]", x, inRows);
    code.addStatement("float[] $L = $N[b]", y, outRows);
    // Offsets q (input) and o (output) grow one axis at a time, output order.
    String q = "0";
    String o = "0";
    for (int k = 0; k < rank - 1; k++) {
      code.beginControlFlow("for (int i$L = 0; i$L < $L; i$L++)", k, k, out.dim(k), k);
      code.addStatement("int q$L = $L", k, offset(q, "i" + k, inStride[dims[k] - 1]));
      code.addStatement("int o$L = $L", k, offset(o, "i" + k, outStride[k]));
      q = "q" + k;
      o = "o" + k;
    }
    int last = rank - 1;
    int stride = inStride[dims[last] - 1];
    if (stride == 1) {
      // The last axis stays last: a contiguous run.
      if (forward) {
        code.addStatement("$T.arraycopy(x, $L, y, $L, $L)", System.class, q, o, out.dim(last));
      } else {
        code.addStatement("$T.arraycopy(dy, $L, dx, $L, $L)", System.class, o, q, out.dim(last));
      }
    } else {
      code.beginControlFlow("for (int i = 0; i < $L; i++)", out.dim(last));
      if (forward) {
        code.addStatement("y[$L] = x[$L]", offset(o, "i", 1), offset(q, "i", stride));
      } else {
        code.addStatement("dx[$L] = dy[$L]", offset(q, "i", stride), offset(o, "i", 1));
      }
      code.endControlFlow();
    }
    for (int k = 0; k < rank - 1; k++) {
      code.endControlFlow();
    }
    code.endControlFlow();
  }

  /** {@code base + index * stride}, without the zero base or unit stride. */
  private static String offset(String base, String index, int stride) {
    String term = stride == 1 ? index : index + " * " + stride;
    return base.equals("0") ? term : base + " + " + term;
  }
}
