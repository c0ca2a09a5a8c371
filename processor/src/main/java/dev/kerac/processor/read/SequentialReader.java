package dev.kerac.processor.read;

import dev.kerac.processor.diagnostics.Message;
import dev.kerac.processor.diagnostics.Report;
import dev.kerac.processor.layers.LayerKind;
import dev.kerac.processor.layers.LayerKinds;
import dev.kerac.processor.model.LayerNode;
import dev.kerac.processor.model.ModelSpec;
import dev.kerac.processor.model.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads a {@code @Sequential} class into a {@link ModelSpec}: the class must be subclassable, its
 * {@code Layer} fields in source order are the layers, each with exactly one layer annotation.
 */
public final class SequentialReader {
  static final String LAYER_TYPE = "dev.kerac.annotations.Layer";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private final Elements elements;

  public SequentialReader(Elements elements) {
    this.elements = elements;
  }

  /** The model, or {@code null} when the report has errors. */
  public ModelSpec read(TypeElement type, AnnotationMirror sequential, Report report) {
    checkClass(type, sequential, "Sequential", report);
    AnnotationReader model = new AnnotationReader(type, sequential, elements);
    Shape input = readInput(model, report);

    List<LayerNode> layers = new ArrayList<>();
    Map<String, Element> names = new HashMap<>();
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() != ElementKind.FIELD) {
        continue;
      }
      LayerNode node = readField((VariableElement) member, layers, names, report);
      if (node != null) {
        layers.add(node);
      }
    }
    if (layers.isEmpty() && report.clean()) {
      report.error(type, Message.MODEL_NO_LAYERS, "Sequential", type.getSimpleName());
    }
    if (!report.clean()) {
      return null;
    }
    return new ModelSpec(type, model.getString("name"), input, layers);
  }

  /** Checks that the generated class can extend {@code type}. */
  static void checkClass(TypeElement type, AnnotationMirror a, String annotation, Report report) {
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      report.error(type, Message.MODEL_NOT_ABSTRACT, annotation, name);
      return;
    }
    java.util.Set<Modifier> mods = type.getModifiers();
    if (mods.contains(Modifier.FINAL)) {
      report.error(type, Message.MODEL_FINAL, annotation, name);
    } else if (!mods.contains(Modifier.ABSTRACT)) {
      report.error(type, Message.MODEL_NOT_ABSTRACT, annotation, name);
    }
    if (mods.contains(Modifier.PRIVATE)) {
      report.error(type, Message.MODEL_PRIVATE, annotation, name);
    }
    if (!type.getTypeParameters().isEmpty()) {
      report.error(type, Message.MODEL_GENERIC, annotation, name);
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !mods.contains(Modifier.STATIC)) {
      report.error(type, Message.MODEL_INNER, annotation, name);
    } else if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      report.error(type, Message.MODEL_INNER, annotation, name);
    }
    boolean constructor = false;
    boolean anyConstructor = false;
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.CONSTRUCTOR) {
        anyConstructor = true;
        ExecutableElement c = (ExecutableElement) e;
        constructor |= c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE);
      }
    }
    if (anyConstructor && !constructor) {
      report.error(type, Message.MODEL_NO_CONSTRUCTOR, annotation, name);
    }
  }

  private Shape readInput(AnnotationReader model, Report report) {
    AnnotationReader input = model.getAnnotation("input");
    int[] shape = input.getIntArray("shape");
    if (shape.length == 0) {
      report.error(model.element(), model.mirror(), "input", Message.INPUT_NO_SHAPE);
      return null;
    }
    for (int d : shape) {
      if (d <= 0) {
        report.error(model.element(), model.mirror(), "input", Message.INPUT_BAD_DIM, Arrays.toString(shape));
        return null;
      }
    }
    return new Shape(shape);
  }

  private LayerNode readField(
      VariableElement field, List<LayerNode> previous, Map<String, Element> names, Report report) {
    AnnotationMirror found = null;
    LayerKind kind = null;
    for (AnnotationMirror m : field.getAnnotationMirrors()) {
      TypeElement annotationType = (TypeElement) m.getAnnotationType().asElement();
      LayerKind k = LayerKinds.forAnnotation(annotationType.getQualifiedName().toString());
      if (k == null) {
        continue;
      }
      if (found != null) {
        report.error(field, m, Message.LAYER_TWO_ANNOTATIONS, field.getSimpleName(),
            found.getAnnotationType().asElement().getSimpleName(), annotationType.getSimpleName());
        return null;
      }
      found = m;
      kind = k;
    }
    if (found == null) {
      return null;
    }
    if (!field.asType().toString().equals(LAYER_TYPE)) {
      report.error(field, Message.LAYER_WRONG_TYPE, field.getSimpleName(), field.asType());
    }
    for (Modifier m : new Modifier[] {Modifier.PRIVATE, Modifier.FINAL, Modifier.STATIC}) {
      if (field.getModifiers().contains(m)) {
        report.error(field, Message.LAYER_FIELD_MODIFIER, field.getSimpleName(), m);
      }
    }
    AnnotationReader a = new AnnotationReader(field, found, elements);
    String name = a.getString("name").isEmpty() ? field.getSimpleName().toString() : a.getString("name");
    if (!NAME.matcher(name).matches()) {
      report.error(field, found, "name", Message.LAYER_BAD_NAME, name);
    } else if (name.equals("optimizer")) {
      report.error(field, found, "name", Message.LAYER_RESERVED_NAME, name);
    } else if (names.containsKey(name)) {
      report.error(field, found, "name", Message.LAYER_DUPLICATE_NAME, name, names.get(name).getSimpleName());
    } else {
      names.put(name, field);
    }
    kind.check(a, report);
    List<LayerNode> inputs = previous.isEmpty() ? List.of() : List.of(previous.get(previous.size() - 1));
    return new LayerNode(name, kind, a, inputs);
  }
}
