package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Param;
import scala.Function1;

/**
 * Creates the stages' string params on Spark 3.5, whose {@code Param} takes no type information
 * (Spark 4.0.0 alone added a {@code ClassTag}, which 4.0.1 removed again). The other lines have
 * their own copy of this class (src/main/spark-4.0/java, src/main/spark-4.1/java), the one place
 * where the lines differ.
 */
public final class StringParams {

  private StringParams() {}

  /** A string param that accepts any value. */
  public static Param<String> of(String parent, String name, String doc) {
    return new Param<>(parent, name, doc);
  }

  /** A string param whose values must pass {@code isValid}. */
  public static Param<String> of(String parent, String name, String doc,
      Function1<String, Object> isValid) {
    return new Param<>(parent, name, doc, isValid);
  }
}
