#!/usr/bin/env bash
# Creates (once) the Python environment the PySpark, Spark Connect and cluster tests run in: a
# virtual environment in a cache folder holding pinned pyspark (a complete Spark distribution,
# the same version the library compiles against) and pytest. Prints the environment's path.
# Re-running it is cheap: an environment whose stamp matches the pins is reused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
requirements="$here/requirements-ci.txt"
venv="${DESCENT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/descent/venv-pyspark-4.0.1}"
stamp="$venv/.descent-requirements"

if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
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
cp "$requirements" "$stamp"
echo "python/ci-setup.sh: created $venv in $((SECONDS - start)) s" >&2
echo "$venv"
