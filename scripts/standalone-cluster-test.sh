#!/usr/bin/env bash
# Trains the purchase model with the TrainingJob on a real Spark standalone cluster (a master
# and two workers, separate JVMs, all bound to 127.0.0.1) and in local mode, and checks that the
# two saved models are bit-identical (same data, 2 partitions, same seeds: the floating-point
# sums run in the same order); the same for wide sparse data over 64 partitions, whose sums are
# combined in a tree on the executors. Then trains a longer run on the cluster with its steps in one
# barrier stage and kills one executor JVM (kill -9) in the middle of training: Spark restarts the
# stage and recomputes the lost cached blocks, the driver runs the interrupted step again, and the
# model must still be bit-identical to the same run in local mode with a job per step. Stops every process it
# started, by pid, on any exit.
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
library="$PWD/spark-plugin/target/descent-spark-4.0_2.13-$version.jar"
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

submit() { # <master> <output> <config> <data> [spark-submit options...]
  local master="$1" output="$2" config="$3" data="$4"
  shift 4
  timeout 600 "$SPARK_HOME/bin/spark-submit" --master "$master" "$@" \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=$PWD/conf/log4j2.properties" \
    --class dev.descent.examples.TrainingJob --jars "$library" "$examples" \
    --config "$config" --data "$data" --output "$output"
}

on_cluster=(--total-executor-cores 2 --executor-cores 1 --executor-memory 512m)
purchases="$PWD/examples/data/purchases.csv"
submit "$master_url" "$work/model-cluster" conf/purchase-training-job.properties "$purchases" \
  "${on_cluster[@]}" 2>"$work/cluster-driver.log" | tee "$work/cluster.out"
grep -q '^training job: OK$' "$work/cluster.out"
# Both executors ran tasks: each worker launched one executor.
for i in 1 2; do
  if ! grep -q 'Asked to launch executor' "$work/worker$i.log"; then
    echo "worker $i launched no executor" >&2
    exit 1
  fi
done
submit 'local[2]' "$work/model-local" conf/purchase-training-job.properties "$purchases" \
  2>"$work/local-driver.log" | tee "$work/local.out"
grep -q '^training job: OK$' "$work/local.out"

"$python" scripts/compare_models.py "$work/model-cluster" "$work/model-local"
echo "standalone cluster: bit-identical to local[2]"

# Wide data: 2^18 hashed features over 64 partitions, combined in a tree of depth 2 (rounds on
# the executors, then the driver): the cluster's model must equal local[2]'s bit for bit.
"$python" scripts/make_wide_data.py "$work/wide" 2>"$work/wide-data.log"
submit "$master_url" "$work/model-wide-cluster" conf/wide-training-job.properties \
  "$work/wide" "${on_cluster[@]}" 2>"$work/wide-cluster-driver.log" | tee "$work/wide.out"
grep -q '^training job: OK$' "$work/wide.out"
grep -q '64 partitions' "$work/wide.out"
submit 'local[2]' "$work/model-wide-local" conf/wide-training-job.properties "$work/wide" \
  2>"$work/wide-local-driver.log" >"$work/wide-local.out"
grep -q '^training job: OK$' "$work/wide-local.out"
"$python" scripts/compare_models.py "$work/model-wide-cluster" "$work/model-wide-local" \
  | tail -1
echo "standalone cluster, wide data over 64 partitions: bit-identical to local[2]"

# Fault: the same job for 60 epochs, its steps served by one barrier stage whose two tasks run
# on the two executors; once epoch 5 is logged, kill -9 worker 1's executor. Spark restarts the
# stage, the driver runs the interrupted step again, and the model must equal the same run in
# local[2] with a Spark job per step.
sed 's/^param.maxIter=.*/param.maxIter=60/' conf/purchase-training-job.properties \
  >"$work/long.properties"
{ cat "$work/long.properties"; echo param.synchronization=barrier; } >"$work/long-barrier.properties"
echo param.synchronization=job >>"$work/long.properties"
# Its event log records every task's end and every block cached, to show the work redone.
mkdir "$work/events"
submit "$master_url" "$work/model-fault" "$work/long-barrier.properties" "$purchases" \
  "${on_cluster[@]}" \
  --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$work/events" \
  --conf spark.eventLog.logBlockUpdates.enabled=true --conf spark.eventLog.compress=false \
  --conf spark.eventLog.rolling.enabled=false \
  2>"$work/fault-driver.log" >"$work/fault.out" &
job=$!
pids+=("$job")
for _ in $(seq 3000); do # at most 10 minutes: data preparation is slow on a loaded machine
  grep -q ' epoch 5/60:' "$work/fault-driver.log" && break
  kill -0 "$job" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q ' epoch 5/60:' "$work/fault-driver.log"; then
  echo "the job did not reach epoch 5; driver log:" >&2
  cat "$work/fault-driver.log" >&2
  exit 1
fi
executor="$(pgrep -P "${pids[1]}" -f CoarseGrainedExecutorBackend || true)"
if [ -z "$executor" ]; then
  echo "found no executor of worker 1 to kill; driver log:" >&2
  cat "$work/fault-driver.log" >&2
  exit 1
fi
echo "killing executor pid $executor (worker 1) after: $(grep -o 'epoch [0-9]*/60' \
  "$work/fault-driver.log" | tail -1)"
kill -9 $executor
wait "$job"
cat "$work/fault.out"
grep -q '^training job: OK$' "$work/fault.out"
if ! grep -q 'Lost executor' "$work/fault-driver.log"; then
  echo "the driver did not lose an executor: the kill came too late to test anything" >&2
  exit 1
fi
# The barrier stage lost a task and the step ran again on the restarted stage.
if ! grep -q 'lost a barrier task' "$work/fault-driver.log"; then
  echo "the barrier stage did not lose a task; driver log:" >&2
  cat "$work/fault-driver.log" >&2
  exit 1
fi
# Training must have gone on after the loss: a kill after the last step would test nothing.
lost_at="$(grep -n -m1 'Lost executor' "$work/fault-driver.log" | cut -d: -f1)"
epochs_after="$(tail -n "+$lost_at" "$work/fault-driver.log" | grep -c ' epoch [0-9]*/60:' || true)"
if [ "$epochs_after" -lt 1 ]; then
  echo "no epoch ended after the executor was lost: the kill came too late" >&2
  exit 1
fi
# And Spark must have redone the lost executor's work: tasks it was running failed and ran
# again, or the blocks it had cached were computed again on the other executor.
redone="$("$python" scripts/redone-work.py "$work"/events/*)"
echo "the driver lost the executor and went on: $epochs_after epochs after the loss; $redone"
submit 'local[2]' "$work/model-fault-local" "$work/long.properties" "$purchases" \
  2>"$work/fault-local-driver.log" >"$work/fault-local.out"
grep -q '^training job: OK$' "$work/fault-local.out"
"$python" scripts/compare_models.py "$work/model-fault" "$work/model-fault-local"
echo "executor killed mid-training in a barrier stage: bit-identical to local[2] with a job per step"
echo "standalone cluster test: OK"
