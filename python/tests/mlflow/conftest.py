import os
import sys

import pytest
from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jars import JFREECHART_JAR, LIBRARY_JAR, LOOPBACK  # noqa: E402


@pytest.fixture(scope="session")
def spark():
    builder = SparkSession.builder.master("local[2]").appName("descent-spark mlflow tests")
    builder = builder.config("spark.jars", LIBRARY_JAR + "," + JFREECHART_JAR)
    for key, value in LOOPBACK.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
