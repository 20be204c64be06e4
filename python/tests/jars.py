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
LIBRARY_JAR = os.path.join(REPO, "spark-plugin", "target", f"descent-spark_2.13-{VERSION}.jar")
EXAMPLES_JAR = os.path.join(REPO, "examples", "target", f"descent-examples_2.13-{VERSION}.jar")

# The library's one non-Spark dependency, which draws charts; with --jars users add it too (the
# build has put it in the local Maven repository).
JFREECHART_JAR = os.path.join(os.path.expanduser("~"), ".m2", "repository", "org", "jfree",
                              "jfreechart", "1.5.6", "jfreechart-1.5.6.jar")

for jar in (LIBRARY_JAR, EXAMPLES_JAR, JFREECHART_JAR):
    if not os.path.isfile(jar):
        raise RuntimeError(f"{jar} is missing: run mvn -B -DskipTests package first")

LOOPBACK = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
}
