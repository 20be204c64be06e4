"""Compares the last stages of two saved PipelineModels: their model data must be equal.

    python scripts/compare_models.py <model-dir> <other-model-dir> [--tolerance T]

Reads each model's data (Parquet: number of classes, coefficients, intercepts, feature names
and scales) with plain
pyspark, so it checks what was saved, not a wrapper. Every value must be finite. With
--tolerance 0 (default) every value must be bit-identical (a zero's sign included); otherwise
the largest absolute difference must be at most T.
"""
import argparse
import math
import os
import struct
import sys

from pyspark.sql import SparkSession


def last_stage_data(spark, model_dir):
    stages_dir = os.path.join(model_dir, "stages")
    stages = sorted(os.listdir(stages_dir), key=lambda name: int(name.split("_")[0]))
    row = spark.read.parquet(os.path.join(stages_dir, stages[-1], "data")).collect()
    if len(row) != 1:
        sys.exit(f"{model_dir}: expected one row of model data, found {len(row)}")
    return stages[-1], row[0].asDict()


def flatten(value):
    """The numbers inside a model-data value (vectors and matrices flatten to their entries);
    text (such as feature names) and nulls have none and are compared as they are."""
    if value is None or isinstance(value, str):
        return []
    if hasattr(value, "toArray"):
        return [float(x) for x in value.toArray().ravel()]
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in flatten(item)]
    return [float(value)]


def text(value):
    """The non-numeric parts of a model-data value, in order."""
    if value is None or isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in text(item)]
    return []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("other")
    parser.add_argument("--tolerance", type=float, default=0.0)
    args = parser.parse_args()
    spark = (SparkSession.builder.master("local[1]").appName("compare models")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        name_a, a = last_stage_data(spark, args.model)
        name_b, b = last_stage_data(spark, args.other)
    finally:
        spark.stop()
    if a.keys() != b.keys():
        sys.exit(f"different model data fields: {sorted(a)} vs {sorted(b)}")
    worst = 0.0
    identical = True
    for field in sorted(a):
        if text(a[field]) != text(b[field]):
            sys.exit(f"{field}: {text(a[field])} vs {text(b[field])}")
        x, y = flatten(a[field]), flatten(b[field])
        if len(x) != len(y):
            sys.exit(f"{field}: {len(x)} values vs {len(y)}")
        for i, (p, q) in enumerate(zip(x, y)):
            if math.isnan(p) or math.isnan(q) or math.isinf(p) or math.isinf(q):
                sys.exit(f"{field}[{i}]: {p} vs {q}: a saved model must be finite")
            identical &= struct.pack(">d", p) == struct.pack(">d", q)
            worst = max(worst, abs(p - q))
        shown = x if len(x) <= 20 else x[:10] + ["..."] + x[-10:]
        print(f"{field}: {len(x)} values {shown}")
    print(f"compared {name_a} and {name_b}: "
          + ("bit-identical" if identical else f"largest difference {worst:.3g}"))
    if not identical and (args.tolerance == 0 or worst > args.tolerance):
        sys.exit(f"models differ by {worst:.3g} > tolerance {args.tolerance}")


if __name__ == "__main__":
    main()
