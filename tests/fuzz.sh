#!/usr/bin/env bash
# Fuzzes the Jazzer targets for real, one JVM per target (Jazzer fuzzes one test per run), each for
# its @FuzzTest maxDuration (2 minutes). A finding fails the run and is written as crash-<sha1>
# under tests/src/test/resources/dev/menagerie/tests/fuzz/<Test>Inputs/<method>/: fix the bug and
# commit the file, and every later `mvn verify` replays it. The corpus the fuzzer grows is kept in
# tests/.cifuzz-corpus/ (not committed) so that the next run starts from it.
#
#   tests/fuzz.sh                          # all four targets, about 12 minutes
#   tests/fuzz.sh ImageDecoderFuzzTest     # one
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ImageDecoderFuzzTest ClassifyRequestFuzzTest FilterQueryFuzzTest ReportQueryFuzzTest)
fi
for target in "${targets[@]}"; do
  echo "fuzzing $target"
  JAZZER_FUZZ=1 mvn -B -q -pl tests -am verify -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false
done
