package dev.kerac.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.Shape;

/**
 * What a layer kind sees while emitting its code: the names of its input and output rows, their
 * gradients and its weights in the generated class, and ways to declare the fields it needs. Rows
 * are {@code float[][]}: row {@code b} is sample {@code b}, flattened.
 */
public interface LayerCode {

  LayerNode node();

  Shape inShape();

  Shape outShape();

  /** The input rows' field. */
  String in();

  /** The output rows' field. */
  String out();

  /** The gradient rows with respect to the input (written by backward). */
  String dIn();

  /** The gradient rows with respect to the output (read by backward; may be overwritten). */
  String dOut();

  /** The field holding a weight's value rows, e.g. {@code hidden1Kernel}. */
  String weight(String kerasName);

  /** The field holding a weight's gradient rows. */
  String grad(String kerasName);

  /**
   * Declares {@code private final <type> <name>}, assigned in the constructor from {@code init}, where
   * {@code seed} (long) and {@code capacity} (int) are in scope. Returns the field name.
   */
  String field(String role, TypeName type, CodeBlock init);

  /** As {@link #field}, but not final: state a pass updates (e.g. whether dropout was applied). */
  String variable(String role, TypeName type, CodeBlock init);

  /** Declares per-sample rows {@code float[capacity][size]} (reallocated with the capacity). */
  String rows(String role, int size);

  /** Whether this layer produces the model output. */
  boolean isOutput();

  /**
   * The boolean field that is true while back-propagating from logits (fused loss gradient): the
   * output layer then skips its final activation's derivative.
   */
  String fromLogits();

  /**
   * The boolean field that says whether {@link #dIn()} is needed, or {@code null} when it always is.
   * The first layer's input gradient is the model's input gradient, which training does not need;
   * kinds may skip computing it when the flag is false.
   */
  String inputGradientFlag();

  /**
   * The model's {@code dev.kerac.runtime.kernels.Workers} field: the threads a layer may split its
   * work over (one unless the user asks for more).
   */
  String workers();

  /** The code being emitted (the forward or backward method body). {@code batch} is in scope. */
  CodeBlock.Builder code();
}
