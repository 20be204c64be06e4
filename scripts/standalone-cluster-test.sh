#!/usr/bin/env bash
# Trains the purchase model with the TrainingJob on a real Spark standalone cluster (a master
# and two workers, separate JVMs, all bound to 127.0.0.1) and in local mode, and checks that the
# two saved models are bit-identical (same data, 2 partitions, same seeds: the floating-point
# sums run in the same order). Stops every process it started, by pid, on any exit.
#
#   scripts/standalone-cluster-test.sh <python-with-pyspark>
#
# Needs the jars of `mvn -B -DskipTests package` and a Python whose pyspark is the Spark
# distribution to run (python/ci-setup.sh makes one). Run from anywhere; bounded by timeouts.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:?usage: $0 <python-with-pyspark>}"
export SPARK_HOME="$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | sed -n 1p)"
library="$PWD/spark-plugin/target/descent-spark_2.13-$version.jar"
examples="$PWD/examples/target/descent-examples_2.13-$version.jar"
for jar in "$library" "$examples"; do
  [ -f "$jar" ] || { echo "missing $jar: run mvn -B -DskipTests package first" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/descent-cluster.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Everything on the loopback interface, with an empty configuration directory (Spark's default
# INFO logging for the daemons) and its own logs.
export SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1 SPARK_CONF_DIR="$work/conf"
export SPARK_LOG_DIR="$work/logs" SPARK_NO_DAEMONIZE=1
mkdir -p "$SPARK_CONF_DIR" "$SPARK_LOG_DIR"
master_url=spark://127.0.0.1:7077

"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port 7077 --webui-port 18080 >"$work/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 1g --webui-port "$((18080 + i))" --work-dir "$work/worker$i" \
    "$master_url" >"$work/worker$i.log" 2>&1 &
  pids+=($!)
done

# The master logs each worker it registers; wait for both (at most 90 s).
for _ in $(seq 90); do
  [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -ge 2 ] && break
  sleep 1
done
if [ "$(grep -c 'Registering worker' "$work/master.log" || true)" -lt 2 ]; then
  echo "the standalone cluster did not start; master log:" >&2
  cat "$work/master.log" >&2
  exit 1
fi
echo "standalone cluster up: master $master_url, 2 workers (1 core each)"

submit() { # <master> <output> [spark-submit options...]
  local master="$1" output="$2"
  shift 2
  timeout 600 "$SPARK_HOME/bin/spark-submit" --master "$master" "$@" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=$PWD/conf/log4j2.properties" \
    --class dev.descent.examples.TrainingJob --jars "$library" "$examples" \
    --config conf/purchase-training-job.properties --data "$PWD/examples/data/purchases.csv" \
    --output "$output"
}

submit "$master_url" "$work/model-cluster" --total-executor-cores 2 --executor-cores 1 \
  --executor-memory 512m 2>"$work/cluster-driver.log" | tee "$work/cluster.out"
grep -q '^training job: OK$' "$work/cluster.out"
# Both executors ran tasks: each worker launched one executor.
for i in 1 2; do
  if ! grep -q 'Asked to launch executor' "$work/worker$i.log"; then
    echo "worker $i launched no executor" >&2
    exit 1
  fi
done
submit 'local[2]' "$work/model-local" 2>"$work/local-driver.log" | tee "$work/local.out"
grep -q '^training job: OK$' "$work/local.out"

"$python" scripts/compare_models.py "$work/model-cluster" "$work/model-local"
echo "standalone cluster test: OK"
