#!/usr/bin/env bash
# The Python-side and deployment checks of one Spark line, after
# `mvn -B -P<line> -DskipTests package` built its jars:
#   python/run-tests.sh [line]      line: spark-4.0 (default, the primary line), spark-4.0.0,
#                                   spark-4.1, spark-3.5-scala-2.12
#  1. python/ci-setup.sh <line>: the line's pinned pyspark (a complete Spark distribution from
#     PyPI) in a cached virtualenv;
#  2. pip install ./python (descent-spark) into it;
#  3. pytest in classic PySpark: wrappers, params against Java, persistence, Pipeline,
#     CrossValidator, and spark-submit of the example and the TrainingJob on local[2];
# and on the primary line only:
#  4. pytest over Spark Connect (a local Connect server with the jar);
#  5. pytest of descent_spark.tracking against real mlflow (python/tests/mlflow), in a venv of the
#     primary line's pins plus mlflow (python/ci-setup.sh spark-4.0-mlflow);
#  6. the Python quick start script, and the Databricks-style Python notebook in classic mode and
#     over Spark Connect (SPARK_API_MODE=connect), run with python;
#  7. the standalone-cluster test (scripts/standalone-cluster-test.sh).
# DESCENT_JAR and DESCENT_EXAMPLES_JAR may name the jars (default: the line's build in target/).
set -euo pipefail
cd "$(dirname "$0")/.."
line="${1:-spark-4.0}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
export SPARK_LOCAL_IP=127.0.0.1
venv="$(python/ci-setup.sh "$line")"
python="$venv/bin/python"
# Assigned before the export, so that set -e sees the command fail.
spark_home="$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_HOME="$spark_home"
# --no-deps keeps the venv's pinned pyspark; pip check then fails on a declared dependency the
# venv lacks. A dependency missing from the declaration is caught by .ci/run, which installs the
# wheel into a fresh venv and runs the README's quick start there.
"$python" -m pip install -q --no-deps --no-build-isolation --force-reinstall ./python
"$python" -m pip check
rm -rf python/build python/*.egg-info
echo "python/run-tests.sh $line: pyspark $("$python" -c 'import pyspark; print(pyspark.__version__)')"

(cd python/tests && timeout 1800 "$python" -m pytest -q -p no:cacheprovider classic)
[ "$line" = spark-4.0 ] || exit 0

(cd python/tests && timeout 900 "$python" -m pytest -q -p no:cacheprovider connect)

# Its own venv (not DESCENT_VENV, which names the primary one): mlflow's dependencies stay out
# of the primary line's environment.
mlflow_venv="$(env -u DESCENT_VENV python/ci-setup.sh spark-4.0-mlflow)"
"$mlflow_venv/bin/python" -m pip install -q --no-deps --no-build-isolation --force-reinstall ./python
rm -rf python/build python/*.egg-info
(cd python/tests && timeout 900 "$mlflow_venv/bin/python" -m pytest -q -p no:cacheprovider mlflow)

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | sed -n 1p)"
jar="${DESCENT_JAR:-$PWD/spark-plugin/target/descent-spark-4.0_2.13-$version.jar}"
# The library and JFreeChart, as descent_spark.spark_jars() gives them from a wheel.
jars="$jar,$HOME/.m2/repository/org/jfree/jfreechart/1.5.6/jfreechart-1.5.6.jar"
DESCENT_JAR="$jars" timeout 900 "$python" examples/python/quick_start.py | tee target-quick-start.log
grep -q '^quick start script: OK$' target-quick-start.log
DESCENT_JAR="$jar" \
  timeout 900 "$python" examples/notebooks/purchase_prediction.py | tee target-notebook.log
grep -q '^purchase notebook: OK$' target-notebook.log
# The same notebook, unchanged, over Spark Connect (a local Connect server with the jar).
DESCENT_JAR="$jar" SPARK_API_MODE=connect \
  timeout 900 "$python" examples/notebooks/purchase_prediction.py | tee target-notebook.log
grep -q '^Spark Connect session$' target-notebook.log
grep -q '^purchase notebook: OK$' target-notebook.log
rm -f target-notebook.log target-quick-start.log

timeout 1500 scripts/standalone-cluster-test.sh "$python"
