package dev.kerac.processor.testing;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.kerac.processor.KeracProcessor;
import dev.kerac.runtime.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles model sources with the real processor (in memory, via compile-testing) and loads the
 * generated classes, so tests can run the code kerac generates.
 */
public final class ModelCompiler {
  private ModelCompiler() {}

  /** Compiles {@code source} (a class {@code qualifiedName}) and fails with javac's diagnostics on error. */
  public static Compilation compile(String qualifiedName, String source) {
    Compilation c = javac().withProcessors(new KeracProcessor())
        .compile(JavaFileObjects.forSourceString(qualifiedName, source));
    if (c.status() != Compilation.Status.SUCCESS) {
      StringBuilder b = new StringBuilder("compilation failed:\n");
      for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
        b.append(d).append('\n');
      }
      throw new AssertionError(b.toString());
    }
    return c;
  }

  /** Compiles and instantiates {@code Kerac_<Simple>} with the given capacity and seed. */
  public static Model build(String qualifiedName, String source, int capacity, long seed) {
    Compilation c = compile(qualifiedName, source);
    int dot = qualifiedName.lastIndexOf('.');
    String generated = qualifiedName.substring(0, dot + 1) + "Kerac_" + qualifiedName.substring(dot + 1);
    try {
      Class<?> k = load(c).loadClass(generated);
      return (Model) k.getConstructor(int.class, long.class).newInstance(capacity, seed);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + generated, e);
    }
  }

  /** A class loader over the compilation's class files. */
  public static ClassLoader load(Compilation c) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length())
          .replace(".class", "").replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        classes.put(name, out.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(ModelCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }

  /** The generated source text of {@code Kerac_<Simple>}. */
  public static String generatedSource(Compilation c, String qualifiedName) {
    int dot = qualifiedName.lastIndexOf('.');
    String generated = qualifiedName.substring(0, dot + 1) + "Kerac_" + qualifiedName.substring(dot + 1);
    try {
      return c.generatedSourceFile(generated).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
