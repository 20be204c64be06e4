#!/usr/bin/env bash
# Creates (once) the Python environment the PySpark tests of one Spark line run in, and prints its
# path: a virtual environment in a cache folder holding that line's pinned pyspark (a complete
# Spark distribution from PyPI) and pytest, from python/ci/requirements-<line>.txt.
#   python/ci-setup.sh [line]     line: spark-4.0 (default, the primary line: classic, Spark
#                                 Connect, notebook, cluster), spark-4.0.0, spark-4.1,
#                                 spark-3.5-scala-2.12; spark-4.0-mlflow (the primary line's pins
#                                 and mlflow, for python/tests/mlflow)
# Re-running it is cheap: an environment whose stamp matches the pins is reused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
line="${1:-spark-4.0}"
requirements="$here/ci/requirements-$line.txt"
if [ ! -f "$requirements" ]; then
  echo "python/ci-setup.sh: no Python environment for line '$line' (have:" \
    "$(cd "$here/ci" && ls requirements-*.txt | sed 's/^requirements-//; s/\.txt$//' | tr '\n' ' '))" >&2
  exit 2
fi
# The pins: the file and the files it includes with -r (in the same folder).
pins="$(cat "$requirements"; sed -n 's/^-r //p' "$requirements" | while read -r f; do cat "$here/ci/$f"; done)"
pyspark_pin="$(sed -n 's/^pyspark\(\[[a-z]*\]\)\{0,1\}==//p' <<<"$pins")"
mlflow_pin="$(sed -n 's/^mlflow==//p' <<<"$pins")"
name="venv-pyspark-$pyspark_pin${mlflow_pin:+-mlflow-$mlflow_pin}"
venv="${DESCENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/descent/$name}"
stamp="$venv/.descent-requirements"

if [ -f "$stamp" ] && cmp -s <(echo "$pins") "$stamp"; then
  echo "$venv"
  exit 0
fi

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "python/ci-setup.sh: needs Python >= 3.9 with venv and ensurepip (apt-get install python3-venv)" >&2
  exit 1
fi
start=$SECONDS
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q -r "$requirements" >&2
echo "$pins" > "$stamp"
echo "python/ci-setup.sh: created $venv ($line) in $((SECONDS - start)) s" >&2
echo "$venv"
