#!/bin/sh
# Passes the suite's output (stdin) through to stdout and reports each finished case (its
# IOMMUFD-CONFORM-CASE-END line, harness/results/case_stream.h) to LAVA as
# `lava-test-case PREFIX.Suite.Case --result pass|fail|skip`, with its time. Outside LAVA,
# LAVA_TEST_CASE names another command to call instead.
# usage: lava-cases.sh PREFIX
set -eu
prefix=$1
report=${LAVA_TEST_CASE:-lava-test-case}

# Fields: marker, suite, case, status, seconds, then more (%-escaped, some empty) and the
# line's length; a kernel-bug reproducer's verdict is the last field ("xfail%20ID"). An
# expected failure is reported as a skip (as junit.xml has it), an xpass as the pass it is.
# Names are made of LAVA's test-case characters, so the command line needs no quoting
# beyond the command's own.
awk -v prefix="$prefix" -v report="$report" '
  { print; fflush() }
  $1 == "IOMMUFD-CONFORM-CASE-END" {
    result = $4 == "passed" ? "pass" : $4 == "failed" ? "fail" : $4 == "skipped" ? "skip" : "unknown"
    if ($0 ~ / xfail%20[^ ]* [0-9]+$/) result = "skip"
    if ($0 ~ / xpass%20[^ ]* [0-9]+$/) result = "pass"
    name = prefix "." $2 "." $3
    gsub(/[^-_a-zA-Z0-9.]/, "_", name)
    seconds = $5 ~ /^[0-9]+(\.[0-9]+)?$/ ? $5 : 0
    if (system("\"" report "\" " name " --result " result " --measurement " seconds \
               " --units seconds") != 0) exit 1
  }'
