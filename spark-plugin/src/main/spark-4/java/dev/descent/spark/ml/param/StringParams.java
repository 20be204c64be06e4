package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Param;
import scala.Function1;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Creates the stages' string params on Spark 4 (4.0.0 and later), where {@code Param} carries
 * the {@code ClassTag} of its value type (Spark Connect reads it). The constructors taking a
 * {@code Class} exist only from 4.0.1, so the {@code ClassTag} ones are used: they exist on
 * every Spark 4 release. The Spark 3.5 build has its own copy of this class
 * (src/main/spark-3.5/java), the one place where the lines differ.
 */
public final class StringParams {

  private static final ClassTag<String> STRING = ClassTag$.MODULE$.apply(String.class);

  private StringParams() {}

  /** A string param that accepts any value. */
  public static Param<String> of(String parent, String name, String doc) {
    return new Param<>(parent, name, doc, STRING);
  }

  /** A string param whose values must pass {@code isValid}. */
  public static Param<String> of(String parent, String name, String doc,
      Function1<String, Object> isValid) {
    return new Param<>(parent, name, doc, isValid, STRING);
  }
}
