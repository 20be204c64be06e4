package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.classification.LinearClassifier;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/**
 * The META-INF/services registrations Spark Connect's ML server uses to find third-party stages:
 * every public stage of the library is registered under its Spark type, and every registered
 * class can be built the three ways the server builds it (no-arg constructor for the service
 * loader, uid constructor for {@code fit}/{@code transform}, static {@code load} for reads).
 */
class ServiceRegistrationTest {

  private static final String PACKAGE = "dev.descent.";

  @Test
  void everyPublicStageIsRegisteredUnderItsSparkType() throws Exception {
    Set<String> estimators = new TreeSet<>();
    Set<String> transformers = new TreeSet<>();
    Set<String> evaluators = new TreeSet<>();
    for (Class<?> c : libraryClasses()) {
      if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
        continue;
      }
      if (Estimator.class.isAssignableFrom(c)) {
        estimators.add(c.getName());
      } else if (Transformer.class.isAssignableFrom(c)) {
        transformers.add(c.getName());
      } else if (Evaluator.class.isAssignableFrom(c)) {
        evaluators.add(c.getName());
      }
    }
    assertTrue(estimators.contains(LinearClassifier.class.getName()), "class scan found "
        + estimators);
    assertEquals(estimators, registered(Estimator.class), "META-INF/services/"
        + Estimator.class.getName());
    assertEquals(transformers, registered(Transformer.class), "META-INF/services/"
        + Transformer.class.getName());
    assertEquals(evaluators, registered(Evaluator.class), "META-INF/services/"
        + Evaluator.class.getName());
  }

  @Test
  void everyRegisteredClassBuildsAsSparkConnectBuildsIt() throws Exception {
    for (Class<?> type : new Class<?>[] {Estimator.class, Transformer.class, Evaluator.class}) {
      for (ServiceLoader.Provider<?> provider : providers(type)) {
        Class<?> c = provider.type();
        // The service loader's own instantiation: fails unless a public no-arg constructor exists.
        Object fresh = provider.get();
        assertTrue(type.isInstance(fresh), c.getName());
        Params withUid = (Params) c.getConstructor(String.class).newInstance("uid-42");
        assertEquals("uid-42", withUid.uid(), c.getName());
        Method load = c.getMethod("load", String.class);
        assertTrue(Modifier.isStatic(load.getModifiers()), c.getName() + ".load is not static");
        assertEquals(c, load.getReturnType(), c.getName() + ".load return type");
      }
    }
  }

  private static Set<String> registered(Class<?> type) {
    return providers(type).stream().map(p -> p.type().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** This library's providers of {@code type} (Spark registers its own stages too). */
  private static java.util.List<ServiceLoader.Provider<?>> providers(Class<?> type) {
    return ServiceLoader.load(type, ServiceRegistrationTest.class.getClassLoader()).stream()
        .filter(p -> p.type().getName().startsWith(PACKAGE))
        .collect(Collectors.toList());
  }

  /** Every class compiled into the library's main output (the classes directory or jar). */
  private static Set<Class<?>> libraryClasses() throws IOException, URISyntaxException,
      ClassNotFoundException {
    Path root = Path.of(LinearClassifier.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    Set<Class<?>> classes = new java.util.HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = root.relativize(file).toString();
        if (name.endsWith(".class") && !name.contains("$")) {
          String className = name.substring(0, name.length() - ".class".length())
              .replace(file.getFileSystem().getSeparator(), ".");
          classes.add(Class.forName(className, false,
              ServiceRegistrationTest.class.getClassLoader()));
        }
      }
    }
    return classes;
  }
}
