#!/usr/bin/python3
"""Prints the conformance table of reports/conformance/: one row per kernel folder, summed
over its configurations, from each summary.json as `run` wrote it (with the producing command
and commit reports/regenerate.sh put in). Usage: conformance_table.py REPORTS/conformance"""
import json
import pathlib
import sys

COLUMNS = ["passed", "unverified", "failed", "skipped", "xfail", "xpass"]


def main(folder):
    rows = []
    for summary in sorted(pathlib.Path(folder).glob("*/summary.json")):
        document = json.loads(summary.read_text(encoding="utf-8"))
        configurations = document["configurations"]
        # Older runs did not write every column: not recorded is not zero.
        sums = {c: (str(sum(int(conf[c]) for conf in configurations))
                    if all(c in conf for conf in configurations) else "not recorded")
                for c in COLUMNS}
        errors = sum(1 for conf in configurations if conf.get("harness_error"))
        produced = document.get("produced_by", {})
        rows.append((summary.parent.name, len(configurations), sums, errors,
                     produced.get("project_commit", "not recorded (before reports/regenerate.sh)"),
                     produced.get("date", "")))
    print("# Conformance runs by kernel\n")
    print("Written by reports/conformance_table.py from each folder's summary.json; "
          "`unverified` counts passing differential cases with calls neither compared nor "
          "accepted.\n")
    print("| Kernel | configurations | " + " | ".join(COLUMNS) +
          " | did not deliver | project commit | date |")
    print("|---" * (len(COLUMNS) + 5) + "|")
    for kernel, count, sums, errors, commit, date in rows:
        cells = " | ".join(sums[c] for c in COLUMNS)
        print(f"| {kernel} | {count} | {cells} | {errors} | {commit} | {date} |")


if __name__ == "__main__":
    main(sys.argv[1])
