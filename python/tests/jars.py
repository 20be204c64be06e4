"""Where the tests find the built jars and the repository (see python/run-tests.sh)."""
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _version():
    with open(os.path.join(REPO, "pom.xml")) as f:
        for line in f:
            if line.startswith("  <version>"):
                return line.strip()[len("<version>"):-len("</version>")]
    raise RuntimeError("no version in pom.xml")


VERSION = _version()


def _line():
    """The Spark line and Scala version of the running pyspark: the jar built for them."""
    import pyspark
    major, minor = pyspark.__version__.split(".")[:2]
    return f"{major}.{minor}", "2.12" if major == "3" else "2.13"


SPARK_LINE, SCALA = _line()
PROFILE = "spark-3.5-scala-2.12" if SCALA == "2.12" else f"spark-{SPARK_LINE}"
# DESCENT_JAR / DESCENT_EXAMPLES_JAR name the jars; otherwise the build of the pyspark's line.
LIBRARY_JAR = os.environ.get("DESCENT_JAR") or os.path.join(
    REPO, "spark-plugin", "target", f"descent-spark-{SPARK_LINE}_{SCALA}-{VERSION}.jar")
EXAMPLES_JAR = os.environ.get("DESCENT_EXAMPLES_JAR") or os.path.join(
    REPO, "examples", "target", f"descent-examples_{SCALA}-{VERSION}.jar")

# The library's one non-Spark dependency, which draws charts; with --jars users add it too (the
# build has put it in the local Maven repository).
JFREECHART_JAR = os.path.join(os.path.expanduser("~"), ".m2", "repository", "org", "jfree",
                              "jfreechart", "1.5.6", "jfreechart-1.5.6.jar")

for jar in (LIBRARY_JAR, EXAMPLES_JAR, JFREECHART_JAR):
    if not os.path.isfile(jar):
        raise RuntimeError(f"{jar} is missing: run mvn -B -DskipTests package -P{PROFILE} first")

LOOPBACK = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
}


def local_session(app_name):
    """A local[2] classic session with the library and JFreeChart, as spark_jars() gives them
    from the wheel, bound to loopback."""
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.master("local[2]").appName(app_name)
    builder = builder.config("spark.jars", LIBRARY_JAR + "," + JFREECHART_JAR)
    for key, value in LOOPBACK.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
