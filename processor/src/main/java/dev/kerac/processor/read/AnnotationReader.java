package dev.kerac.processor.read;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation's values, defaults included, without loading the annotation class
 * (the processor never needs the user's annotation instances). Keeps the element and mirror so that
 * problems can be reported on the exact value.
 */
public final class AnnotationReader {
  private final Element element;
  private final AnnotationMirror mirror;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;
  private final Elements elements;

  public AnnotationReader(Element element, AnnotationMirror mirror, Elements elements) {
    this.element = element;
    this.mirror = mirror;
    this.elements = elements;
    this.values = elements.getElementValuesWithDefaults(mirror);
  }

  /** The annotated element (field or method). */
  public Element element() {
    return element;
  }

  public AnnotationMirror mirror() {
    return mirror;
  }

  /** The annotation's simple name, e.g. {@code Dense}. */
  public String simpleName() {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  public boolean has(String name) {
    return find(name) != null;
  }

  public int getInt(String name) {
    return ((Number) raw(name)).intValue();
  }

  public long getLong(String name) {
    return ((Number) raw(name)).longValue();
  }

  public double getDouble(String name) {
    return ((Number) raw(name)).doubleValue();
  }

  public boolean getBoolean(String name) {
    return (Boolean) raw(name);
  }

  public String getString(String name) {
    return (String) raw(name);
  }

  /** The simple name of an enum constant value, e.g. {@code RELU}. */
  public String getEnum(String name) {
    return ((VariableElement) raw(name)).getSimpleName().toString();
  }

  public int[] getIntArray(String name) {
    Object v = raw(name);
    if (v instanceof List<?> list) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) ((AnnotationValue) list.get(i)).getValue()).intValue();
      }
      return out;
    }
    return new int[] {((Number) v).intValue()};
  }

  public double[] getDoubleArray(String name) {
    Object v = raw(name);
    if (v instanceof List<?> list) {
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) ((AnnotationValue) list.get(i)).getValue()).doubleValue();
      }
      return out;
    }
    return new double[] {((Number) v).doubleValue()};
  }

  /** A nested annotation value, read with the same element (errors land on the outer annotation). */
  public AnnotationReader getAnnotation(String name) {
    return new AnnotationReader(element, (AnnotationMirror) raw(name), elements);
  }

  private Object raw(String name) {
    AnnotationValue v = find(name);
    if (v == null) {
      throw new IllegalArgumentException("@" + simpleName() + " has no attribute " + name);
    }
    return v.getValue();
  }

  private AnnotationValue find(String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
