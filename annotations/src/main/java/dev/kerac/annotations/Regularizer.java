package dev.kerac.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An L1/L2 weight penalty, as Keras {@code regularizers.L1L2(l1, l2)}: {@code l1 * sum|w| + l2 * sum w^2}
 * is added to the loss. Both zero (the default) means no regularizer.
 *
 * <pre>{@code
 * @Dense(units = 64, kernelRegularizer = @Regularizer(l2 = 1e-4)) Layer hidden;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({})
public @interface Regularizer {

  /** The L1 factor; must be ≥ 0. */
  double l1() default 0;

  /** The L2 factor; must be ≥ 0. */
  double l2() default 0;
}
