package dev.kerac.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract class as a Keras {@code Sequential} model: its {@link Layer} fields, in source
 * order, are the layers. The processor checks the model and generates {@code Kerac_<Name>}, a class
 * extending it with forward, backward and training specialized to the model's shapes.
 *
 * <pre>{@code
 * @Sequential(input = @Input(shape = 784))
 * abstract class MnistMlp {
 *   @Dense(units = 512, activation = RELU) Layer hidden1;
 *   @Dropout(rate = 0.2) Layer drop1;
 *   @Dense(units = 10, activation = SOFTMAX) Layer output;
 * }
 * // ... new Kerac_MnistMlp()
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Sequential {

  /** The input shape, batch axis excluded (Keras {@code Input(shape=...)}). */
  Input input();

  /** The model name shown by {@code summary()}. */
  String name() default "sequential";
}
