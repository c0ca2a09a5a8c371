package dev.kerac.processor.layers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the kind of a layer annotation by convention: the annotation
 * {@code dev.kerac.annotations.layers.<family>.<Name>} is implemented by
 * {@code dev.kerac.processor.layers.<family>.<Name>Kind}. Adding a layer kind is therefore one
 * annotation plus one kind class; there is no list to edit.
 */
public final class LayerKinds {
  public static final String ANNOTATIONS = "dev.kerac.annotations.layers.";
  public static final String KINDS = "dev.kerac.processor.layers.";

  private static final Map<String, LayerKind> CACHE = new ConcurrentHashMap<>();

  private LayerKinds() {}

  /** Whether an annotation is a layer annotation (lives in the layers package tree). */
  public static boolean isLayerAnnotation(String canonicalName) {
    return canonicalName.startsWith(ANNOTATIONS);
  }

  /**
   * The kind for a layer annotation's canonical name, or {@code null} if it is not a layer annotation.
   *
   * @throws IllegalStateException when a layer annotation has no kind class (a kerac bug)
   */
  public static LayerKind forAnnotation(String canonicalName) {
    if (!isLayerAnnotation(canonicalName)) {
      return null;
    }
    return CACHE.computeIfAbsent(canonicalName, LayerKinds::load);
  }

  private static LayerKind load(String annotation) {
    String kind = KINDS + annotation.substring(ANNOTATIONS.length()) + "Kind";
    try {
      LayerKind k = (LayerKind) Class.forName(kind, true, LayerKinds.class.getClassLoader())
          .getDeclaredConstructor().newInstance();
      if (!k.annotation().equals(annotation)) {
        throw new IllegalStateException(kind + " claims " + k.annotation() + ", expected " + annotation);
      }
      return k;
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("no layer kind " + kind + " for @" + annotation, e);
    }
  }
}
