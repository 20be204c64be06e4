package dev.descent.spark.ml;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession per test JVM, shared by every test class. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("descent-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .getOrCreate();
      session.sparkContext().setLogLevel("ERROR");
      // One line per test JVM naming the Spark it runs on (.ci/run reports it per Spark line).
      System.out.println("descent tests on Spark " + session.version() + ", Scala "
          + scala.util.Properties$.MODULE$.versionNumberString());
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
