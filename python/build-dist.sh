#!/usr/bin/env bash
# Builds the Python package's wheel and sdist (python -m build) into python/dist, carrying the
# Java library of every Spark line so that descent_spark.spark_jars() works offline:
#   python/build-dist.sh <dir> [python]
# <dir> holds the jars of `mvn -B -P<line> -DskipTests package` for each line
# (descent-spark-<line>_<scala>-<version>.jar) and jfreechart-1.5.6.jar; .ci/run fills one.
# Every line's jar must be there: a wheel missing one would fail only on that line's Spark.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jars="$(cd "${1:?usage: $0 <dir-with-jars> [python]}" && pwd)"
python="${2:-python3}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$here/../pom.xml" | sed -n 1p)"
grep -q "^version = \"$version\"$" "$here/pyproject.toml" \
  || { echo "python/pyproject.toml's version is not the pom's $version" >&2; exit 1; }
rm -rf "$here/descent_spark/jars"/*.jar "$here/dist" "$here/build" "$here"/*.egg-info
# The license file goes into the wheel and sdist (setuptools picks up LICENSE by default).
cp "$here/../LICENSE" "$here/LICENSE"
trap 'rm -rf "$here/descent_spark/jars"/*.jar "$here/build" "$here"/*.egg-info "$here/LICENSE"' EXIT
for artifact in descent-spark-3.5_2.12 descent-spark-3.5_2.13 descent-spark-4.0_2.13 \
    descent-spark-4.1_2.13; do
  cp "$jars/$artifact-$version.jar" "$here/descent_spark/jars/"
done
cp "$jars/jfreechart-1.5.6.jar" "$here/descent_spark/jars/"
"$python" -m build --outdir "$here/dist" "$here" >&2
ls "$here/dist"
