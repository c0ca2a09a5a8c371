#!/usr/bin/env bash
# Runs the whole side-by-side comparison and writes benchmarks/RESULTS.md:
#   kerac vs ONNX Runtime, PyTorch (DJL) and DL4J on the same models and weights;
#   single-sample latency, batch-64 inference, training (batch 64, Adam), heap bytes per operation,
#   cold start in fresh JVMs; 1 and 2 threads where an engine has a setting.
# About 20-25 minutes on the 2-core reference machine. Downloads the peers from Maven Central on the
# first run (about 400 MB); nothing is downloaded at run time (DJL runs offline).
#
#   benchmarks/run.sh            # full run -> benchmarks/RESULTS.md
#   benchmarks/run.sh --quick    # smoke test, a few minutes -> benchmarks/target/RESULTS-quick.md
#
# Extra arguments go to dev.kerac.benchmarks.RunAll (--quick, --out DIR, --report FILE).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

(cd "$root" && mvn -B -q -Pbenchmarks -DskipTests package -pl benchmarks -am)

cd "$here"
commit="$(git -C "$root" describe --always --dirty 2>/dev/null || true)"
exec java -Dkerac.commit="$commit" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  -cp target/kerac-benchmarks.jar dev.kerac.benchmarks.RunAll "$@"
