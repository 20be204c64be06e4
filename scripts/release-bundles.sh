#!/usr/bin/env bash
# Builds everything a release publishes, for every Spark line, without publishing anything:
#   scripts/release-bundles.sh [python]
# into target/release/:
#   <artifact>-<version>-bundle.zip  the Maven Central bundle of each line (profile release: jar,
#                                    sources, Javadoc, flattened POM, .md5 and .sha1), to sign
#                                    (gpg -ab each file) and upload to the Central Portal;
#   python/                          the descent-spark wheel and sdist, carrying every line's jar.
# The tests are skipped here; .ci/run tests each line. The 4.0 artifact is built against
# Spark 4.0.0 so that it links on every 4.0.x. [python] needs the "build" package.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-python3}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | sed -n 1p)"
case "$version" in *-SNAPSHOT) echo "refusing to bundle a SNAPSHOT ($version)" >&2; exit 1;; esac
out=target/release
rm -rf "$out"
mkdir -p "$out/jars"
for line in spark-3.5-scala-2.12:descent-spark-3.5_2.12 spark-3.5:descent-spark-3.5_2.13 \
    spark-4.0.0:descent-spark-4.0_2.13 spark-4.1:descent-spark-4.1_2.13; do
  profile="${line%%:*}" artifact="${line#*:}"
  echo "== $profile ($artifact)"
  mvn -B -q "-P$profile,release" -pl spark-plugin -DskipTests clean verify
  cp "spark-plugin/target/$artifact-$version-bundle.zip" "$out/"
  cp "spark-plugin/target/$artifact-$version.jar" "$out/jars/"
done
cp "$HOME/.m2/repository/org/jfree/jfreechart/1.5.6/jfreechart-1.5.6.jar" "$out/jars/"
python/build-dist.sh "$out/jars" "$python"
mv python/dist "$out/python"
ls -l "$out" "$out/python"
