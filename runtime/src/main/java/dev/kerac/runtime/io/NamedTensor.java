package dev.kerac.runtime.io;

/**
 * A named float tensor stored as rows (the last axis is the row length; see {@code Parameter}): the unit
 * that weight files save and restore, for model weights and optimizer state alike.
 *
 * @param name a unique key, e.g. {@code hidden1/kernel} or {@code optimizer/adam/m/hidden1/kernel}
 * @param shape the Keras shape
 * @param rows the values; saved from and restored into in place
 */
public record NamedTensor(String name, int[] shape, float[][] rows) {}
