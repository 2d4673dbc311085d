#!/usr/bin/env bash
# htmlbench.sh REPORT.html [FRAGMENT]: opens a report.html in headless
# Chromium and prints how soon it is painted and how much memory it takes:
# first paint and first contentful paint, when the page's lists are drawn,
# DOMContentLoaded and load (milliseconds from navigation), the JS heap
# and DOM elements after load, the file's size, the wall-clock time of the
# whole Chromium run, the page's renderer process's peak RSS (polled from
# /proc) and that of the largest process (from /usr/bin/time -v). The page is probed on a copy: a script added at its
# end reads the Performance API after load and logs it to the console,
# which Chromium writes to stderr; the run ends with a screenshot, so the
# whole page is laid out and painted once. FRAGMENT (e.g. #fam-1) opens
# the page at it.
set -euo pipefail
page=${1:?usage: scripts/htmlbench.sh REPORT.html [FRAGMENT]}
frag=${2:-}
bin=$(command -v chromium || command -v chromium-browser)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
probe='<script>
addEventListener("load", function () { setTimeout(function () {
  var o = {}, n = performance.getEntriesByType("navigation")[0];
  performance.getEntriesByType("paint").forEach(function (e) { o[e.name] = Math.round(e.startTime); });
  performance.getEntriesByName("lists-drawn").forEach(function (e) { o["lists-drawn"] = Math.round(e.startTime); });
  o.domContentLoaded = Math.round(n.domContentLoadedEventEnd);
  o.load = Math.round(n.loadEventEnd || performance.now());
  o.jsHeapMB = performance.memory ? +(performance.memory.usedJSHeapSize / 1048576).toFixed(1) : null;
  o.elements = document.getElementsByTagName("*").length;
  console.log("htmlbench " + JSON.stringify(o));
}, 200); });
</script>'
# The probe goes before the last </body>.
python3 - "$page" "$tmp/report.html" "$probe" <<'PY'
import sys
src, dst, probe = sys.argv[1], sys.argv[2], sys.argv[3]
b = open(src, 'rb').read()
i = b.rfind(b'</body>')
open(dst, 'wb').write(b[:i] + probe.encode() + b[i:])
PY
# The renderer's resident memory, polled every 50 ms while Chromium runs.
poll() {
  local max=0 kb
  while :; do
    for p in $(pgrep -f -- "--type=renderer.*$tmp" || true); do
      kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
      [ "${kb:-0}" -gt "$max" ] && max=$kb && echo "$max" >"$tmp/renderer"
    done
    sleep 0.05
  done
}
poll & poller=$!
start=$(date +%s.%N)
/usr/bin/time -v -o "$tmp/time" "$bin" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile" \
  --enable-precise-memory-info --virtual-time-budget=60000 --enable-logging=stderr --v=0 \
  --window-size=1280,900 --screenshot="$tmp/shot.png" "file://$tmp/report.html$frag" 2>"$tmp/log" >/dev/null
end=$(date +%s.%N)
kill "$poller" 2>/dev/null || true
renderer=$(( $(cat "$tmp/renderer" 2>/dev/null || echo 0) / 1024 ))
result=$(grep -o 'htmlbench {[^}]*}' "$tmp/log" | head -1 | cut -d' ' -f2-)
result=${result:-no probe result}
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$tmp/time")
printf '%s: %s MB; %s; chromium run %.1f s, renderer peak RSS %s MB, largest process %s MB\n' \
  "$page$frag" "$(( $(stat -c %s "$page") / 1000000 ))" "$result" "$(echo "$end - $start" | bc)" "$renderer" "$rss"
