import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from jars import local_session  # noqa: E402


@pytest.fixture(scope="session")
def spark():
    session = local_session("descent-spark tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def binary(spark):
    """400 rows of two features, label 1 when 2 x1 - x2 + noise > 0 (seeded)."""
    from pyspark.ml.feature import VectorAssembler

    df = spark.range(400).selectExpr("randn(1) as x1", "randn(2) as x2", "randn(3) as noise")
    df = df.selectExpr("x1", "x2", "cast(2 * x1 - x2 + 0.3 * noise > 0 as double) as label")
    return VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(df) \
        .repartition(2).cache()


@pytest.fixture(scope="session")
def linear(spark):
    """300 rows of y = 3 x1 - 2 x2 + 1 + small noise (seeded)."""
    from pyspark.ml.feature import VectorAssembler

    df = spark.range(300).selectExpr("randn(4) as x1", "randn(5) as x2", "randn(6) as noise")
    df = df.selectExpr("x1", "x2", "3 * x1 - 2 * x2 + 1 + 0.01 * noise as label")
    return VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(df) \
        .repartition(2).cache()
