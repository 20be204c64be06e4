package dev.descent.spark.ml.param;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.spark.ml.param.Param;
import scala.Function1;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Creates the stages' string params on Spark 4.0, whose releases disagree on {@code Param}'s
 * constructors: 4.0.0 has only constructors that take a {@code ClassTag}, 4.0.1 and later only
 * ones without it (as 3.5 and 4.1). No constructor exists on both, so the one of the running
 * Spark is looked up once, which lets one jar of the 4.0 line run on every 4.0.x. The other
 * lines have their own copy of this class (src/main/spark-3.5/java, src/main/spark-4.1/java),
 * which calls the constructor directly; this is the one place where the lines differ.
 */
public final class StringParams {

  private static final ClassTag<String> STRING = ClassTag$.MODULE$.apply(String.class);
  /** {@code (parent, name, doc, isValid)} to a new {@code Param}, whichever form Spark has. */
  private static final MethodHandle CONSTRUCTOR = constructor();

  private StringParams() {}

  private static MethodHandle constructor() {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType untyped = MethodType.methodType(void.class, String.class, String.class,
        String.class, Function1.class);
    try {
      return lookup.findConstructor(Param.class, untyped);
    } catch (NoSuchMethodException e) {
      try {
        // Spark 4.0.0: the ClassTag, bound here, comes last.
        MethodHandle typed = lookup.findConstructor(Param.class,
            untyped.appendParameterTypes(ClassTag.class));
        return MethodHandles.insertArguments(typed, 4, STRING);
      } catch (NoSuchMethodException | IllegalAccessException e2) {
        throw new IllegalStateException("this Spark's org.apache.spark.ml.param.Param has neither"
            + " constructor (String, String, String, Function1) nor (String, String, String,"
            + " Function1, ClassTag); Descent's 4.0 jar needs Spark 4.0.x", e2);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot access Param's constructor", e);
    }
  }

  /** A string param that accepts any value. */
  public static Param<String> of(String parent, String name, String doc) {
    return of(parent, name, doc, (Function1<String, Object> & java.io.Serializable) v -> true);
  }

  /** A string param whose values must pass {@code isValid}. */
  @SuppressWarnings("unchecked")
  public static Param<String> of(String parent, String name, String doc,
      Function1<String, Object> isValid) {
    try {
      return (Param<String>) CONSTRUCTOR.invoke(parent, name, doc, isValid);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create param " + name, e);
    }
  }
}
