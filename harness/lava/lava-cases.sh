#!/bin/sh
# Passes the suite's output (stdin) through to stdout and reports each finished case (its
# IOMMUFD-CONFORM-CASE-END line, harness/results/case_stream.h) to LAVA as
# `lava-test-case PREFIX.Suite.Case --result pass|fail|skip`, with its time. Outside LAVA,
# LAVA_TEST_CASE names another command to call instead.
# usage: lava-cases.sh PREFIX
set -eu
prefix=$1
report=${LAVA_TEST_CASE:-lava-test-case}

# Fields: marker, suite, case, status, seconds, file, line. Names are made of LAVA's
# test-case characters, so the command line needs no quoting beyond the command's own.
awk -v prefix="$prefix" -v report="$report" '
  { print; fflush() }
  $1 == "IOMMUFD-CONFORM-CASE-END" {
    result = $4 == "passed" ? "pass" : $4 == "failed" ? "fail" : $4 == "skipped" ? "skip" : "unknown"
    name = prefix "." $2 "." $3
    gsub(/[^-_a-zA-Z0-9.]/, "_", name)
    seconds = $5 ~ /^[0-9]+(\.[0-9]+)?$/ ? $5 : 0
    if (system("\"" report "\" " name " --result " result " --measurement " seconds \
               " --units seconds") != 0) exit 1
  }'
