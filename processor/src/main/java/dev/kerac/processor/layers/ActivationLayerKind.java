package dev.kerac.processor.layers;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.generate.LayerCode;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;
import dev.kerac.processor.read.AnnotationReader;

/**
 * A layer that applies one activation function and has no weights ({@code Activation}, {@code ReLU},
 * {@code LeakyReLU}, {@code ELU}, {@code Softmax}). Subclasses say which function.
 */
public abstract class ActivationLayerKind implements LayerKind {

  /** The function this layer applies, from its annotation (null after reporting a problem). */
  protected abstract ActivationSpec spec(AnnotationReader a, Report report);

  @Override
  public Shape outputShape(LayerNode layer, Shape input, Report report) {
    ActivationSpec spec = spec(layer.annotation(), report);
    if (spec == null) {
      return null;
    }
    if (spec.kerasName().equals("glu") && input.last() % 2 != 0) {
      AnnotationReader a = layer.annotation();
      report.error(a.element(), a.mirror(), Message.ACTIVATION_ODD_AXIS, kerasType(), layer.name(), input);
      return null;
    }
    return input.withLast(spec.outputLast(input.last()));
  }

  @Override
  public String activation(LayerNode layer) {
    return spec(layer.annotation(), null).kerasName();
  }

  @Override
  public String describe(LayerNode layer) {
    return spec(layer.annotation(), null).describe();
  }

  private String function(LayerCode c) {
    ActivationSpec spec = spec(c.node().annotation(), null);
    return c.field("Function", ActivationSpec.FUNCTION, spec.create(c.inShape().last()));
  }

  @Override
  public void forward(LayerCode c) {
    String f = function(c);
    var code = c.code();
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("$N.forward($N[b], $N[b], $L)", f, c.in(), c.out(), c.inShape().size());
    code.endControlFlow();
  }

  @Override
  public void backward(LayerCode c) {
    String f = function(c);
    var code = c.code();
    if (c.isOutput()) {
      // Fused loss gradient: dOut already is the gradient with respect to this layer's input.
      code.beginControlFlow("if ($N)", c.fromLogits());
      code.beginControlFlow("for (int b = 0; b < batch; b++)");
      code.addStatement("System.arraycopy($N[b], 0, $N[b], 0, $L)", c.dOut(), c.dIn(), c.inShape().size());
      code.endControlFlow();
      code.addStatement("return");
      code.endControlFlow();
    }
    code.beginControlFlow("for (int b = 0; b < batch; b++)");
    code.addStatement("$N.backward($N[b], $N[b], $N[b], $N[b], $L)",
        f, c.in(), c.out(), c.dOut(), c.dIn(), c.inShape().size());
    code.endControlFlow();
  }
}
