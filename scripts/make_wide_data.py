"""Writes a wide, hashed-style sparse classification dataset as Parquet, for the cluster test.

    python scripts/make_wide_data.py <output-dir> [--rows N] [--features D] [--non-zeros K]

Columns: id (the row's number, so that a job can sort every partition the same way on any
cluster), label (0/1, drawn from a logistic model on the features) and features (a sparse ML
vector of D entries with K of them 1.0). The rows depend only on the seed.
"""
import argparse
import math
import random

from pyspark.ml.linalg import Vectors, VectorUDT
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StructField, StructType


def rows(count, features, non_zeros, seed):
    rng = random.Random(seed)
    weight = {}
    for i in range(count):
        indices = sorted(rng.sample(range(features), non_zeros))
        margin = -0.5
        for j in indices:
            if j not in weight:
                weight[j] = random.Random(seed * 1_000_003 + j).uniform(-1, 1)
            margin += weight[j]
        label = 1.0 if rng.random() < 1 / (1 + math.exp(-margin)) else 0.0
        yield i, label, Vectors.sparse(features, indices, [1.0] * non_zeros)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=8000)
    parser.add_argument("--features", type=int, default=1 << 18)
    parser.add_argument("--non-zeros", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    spark = (SparkSession.builder.master("local[1]").appName("wide data")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        schema = StructType([StructField("id", LongType()), StructField("label", DoubleType()),
                             StructField("features", VectorUDT())])
        data = list(rows(args.rows, args.features, args.non_zeros, args.seed))
        spark.createDataFrame(data, schema).coalesce(1).write.mode("overwrite").parquet(
            args.output)
        print(f"wrote {args.rows} rows x {args.features} features to {args.output}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
