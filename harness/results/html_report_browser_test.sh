#!/usr/bin/env bash
# A report page in a real browser (CTest results.html_report.browser, bench.html_report.browser):
#   html_report_browser_test.sh FIXTURE_BINARY|PAGE.html OUTDIR TEXT...
# has FIXTURE_BINARY write OUTDIR/report.html (or copies a page a run wrote), loads it in Debian's headless chromium and
# fails unless the page has no scripts and references nothing outside itself, logs no
# console message (without scripts any message is an error: a script error, a blocked
# load), and the DOM chromium built holds every TEXT (e.g. the matrix and its platform
# columns); OUTDIR/report.png is the screenshot.
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 FIXTURE_BINARY|PAGE.html OUTDIR TEXT..." >&2
  exit 2
fi
source=$1
out=$2
shift 2
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "FAIL: no chromium at $chromium (scripts/setup.sh installs Debian's chromium)"
  exit 1
fi
rm -rf "$out"
mkdir -p "$out"
report=$out/report.html
case $source in
  *.html) cp "$source" "$report" ;;
  *) "$source" "$out" ;;
esac

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# One headless chromium on a page: its stderr log goes to $1, the rest are chromium options.
browse() {
  local log=$1
  shift
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
    --user-data-dir="$out/profile" "$@" 2>"$log"
}

# Console messages are logged as "...:CONSOLE...] "text", source: URL (line)".
console_messages() { grep -a ':CONSOLE' "$1" || true; }

# The check must be able to fail: a page with a script error has to be noticed.
printf '%s\n' '<!DOCTYPE html><html><body><script>console.error("planted");' \
  'notDefined();</script></body></html>' >"$out/planted-error.html"
browse "$out/planted-error.log" --dump-dom "file://$out/planted-error.html" >/dev/null
if ! console_messages "$out/planted-error.log" | grep -q 'notDefined is not defined'; then
  fail "chromium did not report a planted script error; the console check would be blind"
fi

if grep -Eiq '<(script|link|img|iframe|object|embed)[ >]|url\(|@import' "$report"; then
  fail "the report has a script or loads something from outside itself:"
  grep -Eio '<(script|link|img|iframe|object|embed)[^>]*>|url\([^)]*\)|@import[^;]*' "$report"
fi

browse "$out/dump-dom.log" --dump-dom "file://$report" >"$out/dom.html"
messages=$(console_messages "$out/dump-dom.log")
if [ -n "$messages" ]; then
  fail "console messages while loading the report:"
  echo "$messages"
fi
for text in "$@"; do
  if ! grep -qF -- "$text" "$out/dom.html"; then
    fail "the DOM lacks: $text"
  fi
done

rm -f "$out/report.png"
browse "$out/screenshot.log" --window-size=1280,2000 --screenshot="$out/report.png" \
  "file://$report" >/dev/null
messages=$(console_messages "$out/screenshot.log")
if [ -n "$messages" ]; then
  fail "console messages while rendering the screenshot:"
  echo "$messages"
fi
if [ "$(head -c 8 "$out/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  fail "no PNG screenshot at $out/report.png"
fi

rm -rf "$out/profile"
if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed; chromium logs in $out"
  exit 1
fi
echo "ok: the page loads in chromium without console messages and shows all $# texts;" \
  "screenshot $out/report.png"
