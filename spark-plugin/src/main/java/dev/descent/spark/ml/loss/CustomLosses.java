package dev.descent.spark.ml.loss;

import java.lang.reflect.InvocationTargetException;
import java.util.regex.Pattern;

/** Finds and instantiates {@link CustomLoss} classes named in the {@code loss} param. */
public final class CustomLosses {

  private static final Pattern CLASS_NAME =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)+");

  private CustomLosses() {}

  /** Whether {@code name} has the form of a qualified class name (a dot, identifiers). */
  public static boolean isClassName(String name) {
    return name != null && CLASS_NAME.matcher(name).matches();
  }

  /**
   * A new instance of the class named {@code className}, which must implement CustomLoss. The
   * class is loaded without being initialized and checked first, so that naming some other class
   * never runs its static initializer.
   */
  public static CustomLoss instantiate(String className) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(className, false,
          loader != null ? loader : CustomLosses.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException("loss '" + className + "' is not a built-in loss and no"
          + " such class is on the classpath (add its jar with --jars)", e);
    }
    if (!CustomLoss.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("loss class " + className + " does not implement "
          + CustomLoss.class.getName());
    }
    try {
      return (CustomLoss) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException("loss class " + className + " needs a public"
          + " no-argument constructor", e);
    } catch (InstantiationException | InvocationTargetException | LinkageError e) {
      throw new IllegalArgumentException("loss class " + className + " could not be created: "
          + (e.getCause() != null ? e.getCause() : e), e);
    }
  }

  static void requireArity(CustomLoss loss, int needed, String stage) {
    int arity = loss.arity();
    if (arity != needed) {
      throw new IllegalArgumentException("custom loss " + loss.getClass().getName() + " takes "
          + arity + " output(s) (its arity()), but " + stage + " has " + needed);
    }
  }
}
