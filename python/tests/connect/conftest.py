import os
import sys

import pytest
from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jars import JFREECHART_JAR, LIBRARY_JAR, LOOPBACK  # noqa: E402


@pytest.fixture(scope="session")
def spark():
    """A Spark Connect client of a local Connect server started in this process (port 15002 on
    127.0.0.1), with the library jar on the server's classpath."""
    builder = SparkSession.builder.remote("local[2]").appName("descent-spark connect tests")
    # The library and its one dependency, as spark_jars() gives them from the wheel.
    builder = builder.config("spark.jars", LIBRARY_JAR + "," + JFREECHART_JAR)
    builder = builder.config("spark.connect.grpc.binding.address", "127.0.0.1")
    for key, value in LOOPBACK.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    assert type(session).__module__.startswith("pyspark.sql.connect")
    yield session
    session.stop()
