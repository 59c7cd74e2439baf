#!/usr/bin/env bash
# Submits an analysis as a Slurm array of N shards and a merge that waits for all of them:
#   scripts/slurm/submit.sh DIR OUTBASE N [analyze options]
# prints "array <job id>" and "merge <job id>"; the result is OUTBASE/merged (and
# OUTBASE/merged/analysis.pwexp for the browser); logs are in OUTBASE/logs/.
# Extra sbatch options (partition, account, QOS) go in SBATCH_EXTRA, e.g. SBATCH_EXTRA="-p long -A lab".
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 DIR OUTBASE N [analyze options]" >&2
  exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(realpath "$1")
OUTBASE=$(realpath -m "$2")
N=$3
shift 3
mkdir -p "$OUTBASE/logs"
cd "$HERE/../.."
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_EXTRA:-} --array="1-$N" --output="$OUTBASE/logs/analyze_%A_%a.out" \
  "$HERE/analyze-array.sbatch" "$DIR" "$OUTBASE" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency="afterok:$array" --output="$OUTBASE/logs/merge_%j.out" \
  "$HERE/merge.sbatch" "$OUTBASE" "$N" "$OUTBASE/merged")
merge=${merge%%;*}
echo "array $array"
echo "merge $merge"
