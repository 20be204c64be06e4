"""What a user installs: the package's version and its Maven coordinates for each Spark line."""
import os

import pyspark
import pytest

import descent_spark
from jars import LIBRARY_JAR, VERSION


def test_version_is_the_libraries():
    assert descent_spark.__version__ == VERSION


def test_the_package_declares_its_annotations():
    # PEP 561's marker, shipped as package data, lets type checkers read the annotations.
    assert os.path.isfile(os.path.join(os.path.dirname(descent_spark.__file__), "py.typed"))


def test_coordinates_name_the_jar_of_the_running_spark():
    coordinates = descent_spark.maven_coordinates()
    group, artifact, version = coordinates.split(":")
    assert (group, version) == ("dev.descent", VERSION)
    assert os.path.basename(LIBRARY_JAR) == f"{artifact}-{VERSION}.jar", pyspark.__version__


@pytest.mark.parametrize("spark, scala, artifact", [
    ("3.5.0", None, "descent-spark-3.5_2.12"),
    ("3.5.2", "2.13", "descent-spark-3.5_2.13"),
    ("4.0.0", None, "descent-spark-4.0_2.13"),
    ("4.0.5", "2.13.16", "descent-spark-4.0_2.13"),
    ("4.1.1", None, "descent-spark-4.1_2.13"),
])
def test_coordinates_of_each_line(spark, scala, artifact):
    assert descent_spark.maven_coordinates(spark, scala) == f"dev.descent:{artifact}:{VERSION}"


@pytest.mark.parametrize("spark, scala, message", [
    ("3.4.1", None, "supports Spark 3.5, 4.0, 4.1"),
    ("4.2.0", None, "not Spark '4.2.0'"),
    ("4", None, "not Spark '4'"),
    ("4.0.0", "2.12", "built for Scala 2.13"),
])
def test_unsupported_versions_are_refused(spark, scala, message):
    with pytest.raises(ValueError, match=message):
        descent_spark.maven_coordinates(spark, scala)
