#!/usr/bin/env bash
# Slurm job array: each array task scores one stable partition of the recordings, then a
# dependent job merges the parts. Submit with:
#   jobid=$(sbatch --parsable --array=1-8 deploy/slurm/score-array.sh /data/recordings/2026-11-23 /data/reports/2026-11-23)
#   sbatch --dependency=afterany:$jobid --wrap "callqa merge /data/reports/2026-11-23/part-*.json --out /data/reports/2026-11-23/report.json"
# and, to keep one state database across nights (shards write state-K.sqlite):
#   callqa merge --state /data/reports/state.sqlite $(printf -- '--state-part %s ' /data/reports/2026-11-23/state-*.sqlite)
#SBATCH --job-name=callqa-score
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=02:00:00
set -euo pipefail
recordings=$1
reports=$2
shards=${SLURM_ARRAY_TASK_COUNT:?run as an array job}
k=${SLURM_ARRAY_TASK_ID:?run as an array job}
mkdir -p "$reports"
status=0
callqa score "$recordings" --checklist "${CALLQA_CHECKLIST:-checklists/inbound.yaml}" \
    --shard "$k/$shards" --state "$reports/state-$k.sqlite" --jobs "${SLURM_CPUS_PER_TASK:-2}" \
    --out "$reports/part-$k.json" || status=$?
# 1 = some files failed (each is an error entry in the part); 2 and 3 fail the task.
[[ $status -le 1 ]]
