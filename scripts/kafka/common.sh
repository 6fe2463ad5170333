# Shared settings and helpers for start.sh and stop.sh (sourced, not run).
# Every path can be moved with an environment variable so that two checkouts, or CI and a developer,
# never share a broker by accident.

kafka_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kafka_repo="$(cd "$kafka_here/../.." && pwd)"
kafka_state="${KAFKA_STATE_DIR:-$kafka_repo/.kafka}"
kafka_libs="${KAFKA_LIBS_DIR:-$kafka_state/libs}"
kafka_run="$kafka_state/run"
kafka_pid_file="$kafka_state/broker.pid"
kafka_port_file="$kafka_state/broker.port"
kafka_log="$kafka_state/broker.log"

kafka_say() { echo "kafka: $*" >&2; }

# True only for a live broker process started from this state directory. A pid alone is not enough:
# after a reboot or a crash the number may belong to some other process. Zombies have an empty
# cmdline, so they count as gone.
kafka_is_our_broker() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $kafka_run/server.properties"
}

kafka_recorded_pid() {
  [[ -f "$kafka_pid_file" ]] && cat "$kafka_pid_file" || true
}

kafka_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
