#!/usr/bin/env bash
# compare_transcripts.sh KERNEL MODEL: compares two example transcripts (mock_client, fork_client), the kernel's
# (the oracle) and the model's, step by step. Lines starting with '#' are comments.
# As in the differential backend, a step the model answers ENOTTY while the kernel does not
# is an op the model does not serve yet: reported as not covered, not as a divergence.
# Exit 0 when every covered step matches and at least one step was compared.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 KERNEL_TRANSCRIPT MODEL_TRANSCRIPT" >&2; exit 2; }

mapfile -t kernel < <(grep -v '^#' "$1")
mapfile -t model < <(grep -v '^#' "$2")
matched=0 diverged=0 uncovered=0
for ((i = 0; i < ${#kernel[@]} || i < ${#model[@]}; ++i)); do
  k=${kernel[i]-<missing>} m=${model[i]-<missing>}
  if [ "$k" = "$m" ]; then
    matched=$((matched + 1))
  elif [ "${k%%:*}" = "${m%%:*}" ] && [[ $m == *" errno=ENOTTY"* && $k != *" errno=ENOTTY"* ]]; then
    echo "not covered: ${k%%:*} (the model does not serve it; kernel: ${k#*: })"
    uncovered=$((uncovered + 1))
  else
    echo "DIVERGENCE at step $((i + 1)):"
    echo "  kernel: $k"
    echo "  model:  $m"
    diverged=$((diverged + 1))
  fi
done
echo "$matched passed, $diverged failed, $uncovered skipped"
[ "$diverged" -eq 0 ] && [ "$matched" -gt 0 ]
