package dev.kerac.processor.model;

/**
 * One weight a layer owns, in Keras order.
 *
 * @param name the Keras variable name, e.g. {@code kernel}
 * @param shape the Keras shape
 * @param trainable whether it gets a gradient
 * @param initializer the Keras initializer name, e.g. {@code glorot_uniform}
 * @param l1 L1 regularization factor (0 = none)
 * @param l2 L2 regularization factor (0 = none)
 */
public record WeightSpec(
    String name, Shape shape, boolean trainable, String initializer, double l1, double l2) {}
