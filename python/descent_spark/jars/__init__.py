"""The Java library of each Spark line and JFreeChart, when the wheel was built by
python/build-dist.sh (see descent_spark.spark_jars)."""
