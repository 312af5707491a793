#!/bin/sh
# Recounts the selftest column of reports/mutation/7.2.md without the kills that were only a
# test name cut on the base's serial console ("iomm[ never ran"; see 7.2-selftest-correction.md).
# usage (from the repository root): sh reports/mutation/7.2-selftest-recount.sh
awk -F'|' '
  FNR == NR && /^### / { id = $0; sub(/^### /, "", id) }
  FNR == NR && /^- selftests:/ { lines[id]++; if ($0 ~ /: iomm\[ never ran$/) cut[id]++ }
  FNR != NR && $2 ~ /^ [0-9c][0-9a-z-]* $/ && $7 ~ /killed|survived/ {
    id = $2; gsub(/ /, "", id); suite = $5; gsub(/ /, "", suite); self = $7; gsub(/ /, "", self)
    if (self == "killed") { measured++; if (lines[id] > 0 && lines[id] == cut[id]) only_cut++
                            else real++ ; if (suite == "killed" && lines[id] == cut[id]) suite_only++ }
    else if (self == "survived") measured++
  }
  END { printf "selftest kills: %d reported, %d of them only a cut name, %d left; of those %d, killed by the suite: %d\n", real + only_cut, only_cut, real, only_cut, suite_only }
' reports/mutation/7.2.md reports/mutation/7.2.md
