"""Where the Java library comes from: its Maven coordinates for each Spark line, the jars this
wheel carries, and the error raised when the Spark JVM has no Descent classes."""
import os
from typing import Dict, Optional, Tuple

VERSION = "0.2.0"
GROUP_ID = "dev.descent"
# Spark line -> its Scala versions, the first being the one pyspark's own distribution uses.
LINES: Dict[str, Tuple[str, ...]] = {"3.5": ("2.12", "2.13"), "4.0": ("2.13",), "4.1": ("2.13",)}
# The library's one dependency outside Spark (it draws the summary charts).
JFREECHART = "jfreechart-1.5.6.jar"
_JARS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")


def _line_and_scala(spark_version: Optional[str], scala_version: Optional[str]) -> Tuple[str, str]:
    if spark_version is None:
        import pyspark
        spark_version = pyspark.__version__
    parts = str(spark_version).split(".")
    line = ".".join(parts[:2])
    if len(parts) < 2 or line not in LINES:
        raise ValueError(f"Descent {VERSION} supports Spark {', '.join(LINES)}; "
                         f"not Spark {spark_version!r}")
    scalas = LINES[line]
    if scala_version is None:
        scala_version = scalas[0]
    scala_version = ".".join(str(scala_version).split(".")[:2])
    if scala_version not in scalas:
        raise ValueError(f"Descent for Spark {line} is built for Scala {', '.join(scalas)}; "
                         f"not Scala {scala_version!r}")
    return line, scala_version


def artifact_id(spark_version: Optional[str] = None,
                scala_version: Optional[str] = None) -> str:
    """The Maven artifact of the Spark line, e.g. ``descent-spark-4.0_2.13``."""
    line, scala = _line_and_scala(spark_version, scala_version)
    return f"descent-spark-{line}_{scala}"


def maven_coordinates(spark_version: Optional[str] = None,
                      scala_version: Optional[str] = None) -> str:
    """The Maven coordinates of the Java library for ``spark.jars.packages`` (or
    ``--packages``, or a Databricks Maven library), e.g.
    ``dev.descent:descent-spark-4.0_2.13:0.2.0``.

    ``spark_version`` defaults to the installed pyspark's, ``scala_version`` to that line's
    pyspark distribution's (2.12 for Spark 3.5, 2.13 for 4.x; pass ``"2.13"`` on a Scala 2.13
    Spark 3.5, such as Databricks 16.4 LTS's Scala 2.13 image). Spark resolves the jar's one
    dependency (JFreeChart) itself.
    """
    return f"{GROUP_ID}:{artifact_id(spark_version, scala_version)}:{VERSION}"


def spark_jars(spark_version: Optional[str] = None, scala_version: Optional[str] = None) -> str:
    """The jars this wheel carries for the Spark line, comma-separated for ``spark.jars`` (or
    ``--jars``): the library and JFreeChart. Raises ``FileNotFoundError`` when the wheel was
    built without them (use :func:`maven_coordinates` then)."""
    line, scala = _line_and_scala(spark_version, scala_version)
    jars = [os.path.join(_JARS_DIR, f"descent-spark-{line}_{scala}-{VERSION}.jar"),
            os.path.join(_JARS_DIR, JFREECHART)]
    missing = [j for j in jars if not os.path.isfile(j)]
    if missing:
        raise FileNotFoundError(
            f"this descent-spark installation carries no {', '.join(map(os.path.basename, missing))}"
            f"; use spark.jars.packages={maven_coordinates(line, scala)} instead")
    return ",".join(jars)


def missing_jar_error(java_class: str) -> RuntimeError:
    """The error for a Spark JVM without the Descent classes, saying how to add them."""
    try:
        coordinates = maven_coordinates()
    except ValueError as unsupported:
        return RuntimeError(f"the Descent Java class {java_class} is not on the Spark JVM; "
                            f"{unsupported}")
    return RuntimeError(
        f"the Descent Java class {java_class} is not on the Spark JVM: the Descent jar must be on "
        "Spark's classpath before the session starts. Create the session with\n"
        "  SparkSession.builder.config('spark.jars', descent_spark.spark_jars())\n"
        "or with\n"
        f"  .config('spark.jars.packages', '{coordinates}')\n"
        f"(spark-submit --packages {coordinates}), or on Databricks install the Maven library "
        f"{coordinates} on the cluster.")
