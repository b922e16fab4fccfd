#!/bin/bash
# What the dashboard and metrics cost (docs/dashboard.md, Performance): simrt bench ma2, 1e6 simulations on 2 local
# engines, alternating "off" (no dashboard, SIMRT_METRICS=off) and "on" (--dashboard 0, metrics on as by default,
# and one client reading /events the way the page does) for ROUNDS rounds. One JSON line per run, prefixed with
# "off N" or "on N"; each line's wallSeconds is the median of its --reps runs.
#
#   mvn -B -o -q -DskipTests package && ROUNDS=8 benchmarks/dashboard-ab.sh > ab.txt
set -u
cd "$(dirname "$0")/.."
JAR=deploy/target/simrt.jar
ARGS=(bench ma2 --simulations 1000000 --client local --engines 2 --warmup 3 --reps "${REPS:-15}")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for round in $(seq 1 "${ROUNDS:-8}"); do
  SIMRT_METRICS=off SIMRT_STORE=none java -jar "$JAR" "${ARGS[@]}" 2>/dev/null | sed "s/^/off $round /"
  SIMRT_STORE=none java -jar "$JAR" "${ARGS[@]}" --dashboard 0 2>"$TMP/err" >"$TMP/on.json" &
  pid=$!
  for _ in $(seq 200); do grep -q "dashboard at" "$TMP/err" 2>/dev/null && break; sleep 0.05; done
  url=$(grep -o "http://[0-9.:]*/" "$TMP/err" | head -1)
  curl -sN "${url}events" >/dev/null 2>&1 &
  viewer=$!
  wait "$pid"
  kill "$viewer" 2>/dev/null
  sed "s/^/on $round /" "$TMP/on.json"
done
