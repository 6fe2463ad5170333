#!/usr/bin/env bash
# Stops the broker that start.sh started: SIGTERM for Kafka's controlled shutdown, SIGKILL if it is
# still alive after KAFKA_STOP_TIMEOUT seconds (default 30). Idempotent: no broker, nothing to do.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

stop_timeout="${KAFKA_STOP_TIMEOUT:-30}"

wait_for_exit() {
  local pid="$1" deadline=$((SECONDS + $2))
  while kafka_is_our_broker "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

main() {
  local pid
  pid="$(kafka_recorded_pid)"
  if kafka_is_our_broker "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for_exit "$pid" "$stop_timeout"; then
      kafka_say "broker (pid $pid) still running after ${stop_timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_for_exit "$pid" 10 || { kafka_say "broker (pid $pid) survived SIGKILL"; exit 1; }
    fi
    kafka_say "stopped (pid $pid)"
  fi
  rm -f "$kafka_pid_file" "$kafka_port_file"
  rm -rf "$kafka_run"
}

main "$@"
