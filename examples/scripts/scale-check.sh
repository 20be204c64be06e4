#!/usr/bin/env bash
# Scale check on one machine: writes ROWS x FEATURES dense synthetic rows to Parquet under
# WORKDIR, then trains a LinearClassifier on them in local[2] with the given -Xmx, so that the
# cached training blocks (MEMORY_AND_DISK) do not all fit in memory. Prints the peak heap (sampled
# and per-pool), the training cache's peak size in memory and on disk, and a GC log path.
#
#   examples/scripts/scale-check.sh ROWS [FEATURES=100] [XMX=8g] [EPOCHS=2] [BATCH_SIZE=ROWS] [WORKDIR=target/scale]
#
# The issue's full size is `examples/scripts/scale-check.sh 10000000 100 8g` (about 8 GB of doubles, needs
# about 20 GB of free disk for the Parquet files and the spilled cache). With BATCH_SIZE below
# ROWS each step reads its rows from every cached block, so spilled blocks are read from disk
# once per step: keep it large at this size.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:?usage: examples/scripts/scale-check.sh ROWS [FEATURES] [XMX] [EPOCHS] [BATCH_SIZE] [WORKDIR]}
FEATURES=${2:-100}
XMX=${3:-8g}
EPOCHS=${4:-2}
BATCH=${5:-$ROWS}
WORK=$(mkdir -p "${6:-target/scale}" && cd "${6:-target/scale}" && pwd)
DATA="$WORK/rows-$ROWS-x-$FEATURES.parquet"

run() {
  mvn -B -q -pl examples -am -DskipTests package exec:exec \
    -Dexample.mainClass=dev.descent.examples.ScaleCheck \
    -Dexample.jvmArgs="-Xmx$XMX -Xlog:gc:file=$WORK/gc-$1.log -Dspark.local.dir=$WORK/spark-local" \
    -Dexample.args="$*"
}

if [ ! -e "$DATA/_SUCCESS" ]; then
  run generate "$ROWS" "$FEATURES" "$DATA"
fi
run fit "$DATA" "$EPOCHS" "$BATCH"
AFTER_GC=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc-fit.log" | sed 's/.*->//; s/M$//' | sort -n | tail -1)
echo "  max heap after GC        ${AFTER_GC:-?} MiB (GC log $WORK/gc-fit.log)"
