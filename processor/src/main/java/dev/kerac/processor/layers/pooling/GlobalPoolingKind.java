package dev.kerac.processor.layers.pooling;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.layers.Checks;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;
import java.util.Arrays;

/**
 * Keras global pooling, channels last (KERAS_SEMANTICS §1.12): the mean or the maximum of each
 * channel over all positions (steps, or height × width). A sample is {@code positions} rows of
 * {@code channels} contiguous values, so each position is one pass over the channels. Global max
 * records the input index of each channel's maximum (first one on ties) for the backward pass.
 */
public abstract class GlobalPoolingKind implements LayerKind {
  private final int rank;
  private final boolean max;

  /**
   * @param rank number of spatial axes (1 or 2)
   * @param max max pooling, else average pooling
   */
  protected GlobalPoolingKind(int rank, boolean max) {
    this.rank = rank;
    this.max = max;
  }

  @Override
  public String annotation() {
    return "dev.kerac.annotations.layers.pooling." + kerasType();
  }

  @Override
  public void check(AnnotationReader a, Report report) {}

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    AnnotationReader a = layer.annotation();
    if (!Checks.spatialInput(layer, kerasType(), input, rank, report)) {
      return null;
    }
    if (!a.getBoolean("keepdims")) {
      return new Shape(input.last());
    }
    return rank == 1 ? new Shape(1, input.last()) : new Shape(1, 1, input.last());
  }

  @Override
  public String describe(LayerNode layer) {
    return (max ? "max" : "mean") + " over " + (rank == 1 ? "steps" : "height and width");
  }

  @Override
  public void forward(LayerCode c) {
    int ch = c.inShape().last();
    int positions = c.inShape().size() / ch;
    var code = c.code();
    String arg = null;
    if (max) {
      arg = c.variable("Argmax", PoolingKind.INT_ROWS, CodeBlock.of("new int[capacity][$L]", ch));
      // Grown lazily: the model's capacity may have grown since construction (ensureCapacity).
      code.beginControlFlow("if ($N.length < batch)", arg)
          .addStatement("$N = new int[capacity][$L]", arg, ch)
          .endControlFlow();
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] x = $N[b]", c.in());
    code.addStatement("float[] y = $N[b]", c.out());
    if (max) {
      code.addStatement("int[] arg = $N[b]", arg);
      code.add("// Position 0 starts the maximum; only a strictly larger value moves the argmax, so the\n");
      code.add("// first maximum wins ties. Conditional moves, not branches, which mispredict.\n");
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[c] = x[c]")
          .addStatement("arg[c] = c")
          .endControlFlow();
      code.beginControlFlow("for (int t = 1; t < $L; t++)", positions);
      code.addStatement("int q = t * $L", ch);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("float v = x[q + c]")
          .addStatement("float m = y[c]")
          .addStatement("arg[c] = v > m ? q + c : arg[c]")
          .addStatement("y[c] = Math.max(m, v)")
          .endControlFlow();
      code.endControlFlow();
    } else {
      code.addStatement("$T.fill(y, 0f)", Arrays.class);
      code.beginControlFlow("for (int t = 0; t < $L; t++)", positions);
      code.addStatement("int q = t * $L", ch);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[c] += x[q + c]")
          .endControlFlow();
      code.endControlFlow();
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("y[c] /= $Lf", positions)
          .endControlFlow();
    }
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    int ch = c.inShape().last();
    int positions = c.inShape().size() / ch;
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("float[] dy = $N[b]", c.dOut());
    code.addStatement("float[] dx = $N[b]", c.dIn());
    if (max) {
      code.addStatement("int[] arg = $N[b]",
          c.variable("Argmax", PoolingKind.INT_ROWS, CodeBlock.of("new int[capacity][$L]", ch)));
      code.addStatement("$T.fill(dx, 0f)", Arrays.class);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("dx[arg[c]] += dy[c]")
          .endControlFlow();
    } else {
      // Every position receives dy / positions: computed once per channel, then copied.
      String share = c.field("Share", ArrayTypeName.of(float.class), CodeBlock.of("new float[$L]", ch));
      code.addStatement("float[] share = $N", share);
      code.beginControlFlow("for (int c = 0; c < $L; c++)", ch)
          .addStatement("share[c] = dy[c] / $Lf", positions)
          .endControlFlow();
      code.beginControlFlow("for (int t = 0; t < $L; t++)", positions);
      code.addStatement("$T.arraycopy(share, 0, dx, t * $L, $L)", System.class, ch, ch);
      code.endControlFlow();
    }
    code.endControlFlow();
  }
}
