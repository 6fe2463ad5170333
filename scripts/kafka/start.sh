#!/usr/bin/env bash
# Starts a real single-node Apache Kafka 4.x broker (KRaft, combined broker+controller) on loopback,
# from jars that Maven resolves (no Docker, no tarball). Idempotent: when our broker is already up it
# only prints its address. Prints exactly one line on stdout: KAFKA_BROKERS=127.0.0.1:PORT.
#
# Environment: KAFKA_PORT (default 19092, else the first free pair from there), KAFKA_CONTROLLER_PORT
# (default KAFKA_PORT+1), KAFKA_HEAP (default 512m), KAFKA_START_TIMEOUT seconds (default 60),
# KAFKA_STATE_DIR (default <repo>/.kafka), KAFKA_LIBS_DIR (default $KAFKA_STATE_DIR/libs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

heap="${KAFKA_HEAP:-512m}"
start_timeout="${KAFKA_START_TIMEOUT:-60}"

require_tools() {
  command -v java >/dev/null || { kafka_say "java not found: install a JDK/JRE 17+ (apt-get install openjdk-17-jre-headless)"; exit 1; }
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  if [[ -z "$major" || "$major" -lt 17 ]]; then
    kafka_say "Kafka 4.x needs Java 17 or newer (found: ${major:-unknown})"; exit 1
  fi
}

# Copies the broker's runtime jars into the cache once; a stamp of the pom's hash says whether the
# cache still matches the pom, so a version bump re-resolves.
resolve_classpath() {
  local stamp="$kafka_libs/.pom.sha256" want
  want="$(sha256sum "$kafka_here/pom.xml" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  command -v mvn >/dev/null || { kafka_say "mvn not found: install Maven (apt-get install maven)"; exit 1; }
  kafka_say "resolving broker jars with Maven (first run only)"
  rm -rf "$kafka_libs" && mkdir -p "$kafka_libs"
  if ! mvn -B -q -f "$kafka_here/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$kafka_libs" >"$kafka_state/maven.log" 2>&1; then
    kafka_say "Maven could not resolve the broker jars; last lines of $kafka_state/maven.log:"
    tail -n 30 "$kafka_state/maven.log" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
}

# KAFKA_PORT given: use it or fail. Not given: the first pair from 19092 on with both ports closed.
choose_ports() {
  if [[ -n "${KAFKA_PORT:-}" ]]; then
    port="$KAFKA_PORT"; controller_port="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
    if kafka_port_open "$port" || kafka_port_open "$controller_port"; then
      kafka_say "port $port or $controller_port is already in use"; exit 1
    fi
    return 0
  fi
  local candidate
  for candidate in $(seq 19092 10 19392); do
    if ! kafka_port_open "$candidate" && ! kafka_port_open "$((candidate + 1))"; then
      port="$candidate"; controller_port="$((candidate + 1))"; return 0
    fi
  done
  kafka_say "no free port pair found between 19092 and 19393; set KAFKA_PORT"; exit 1
}

# Loopback only, static quorum (so format needs no --standalone), RF=1 everywhere and one partition
# for the internal topics so the first consumer group and producer id come up fast, and a small
# dedupe buffer so the log cleaner fits in a small heap (its default buffer alone is 128 MiB).
write_config() {
  cat >"$kafka_run/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller_port}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${kafka_run}/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=2097152
PROPS
  # Warnings only, plus the one INFO line that says the server started.
  cat >"$kafka_run/log4j2.properties" <<'PROPS'
appender.out.type=Console
appender.out.name=OUT
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=warn
rootLogger.appenderRef.out.ref=OUT
logger.started.name=kafka.server.KafkaRaftServer
logger.started.level=info
PROPS
}

# 22 base64url characters of 16 random bytes; one starting with '-' would be read as a CLI option.
new_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && { echo "$id"; return; }
  done
}

format_storage() {
  if ! java -Xmx256m -Dlog4j2.configurationFile="$kafka_run/log4j2.properties" -cp "$kafka_libs/*" \
      kafka.tools.StorageTool format -t "$(new_cluster_id)" -c "$kafka_run/server.properties" \
      >"$kafka_state/format.log" 2>&1; then
    kafka_say "formatting the storage failed:"; cat "$kafka_state/format.log" >&2; exit 1
  fi
}

# setsid: the broker gets its own session, so a Ctrl-C aimed at the test run does not kill it
# half-way; stop.sh shuts it down cleanly instead.
launch_broker() {
  setsid java -Xms256m -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$kafka_run/log4j2.properties" \
    -Dkafka.logs.dir="$kafka_run/logs" -cp "$kafka_libs/*" \
    kafka.Kafka "$kafka_run/server.properties" >"$kafka_log" 2>&1 </dev/null &
  echo "$!" >"$kafka_pid_file"
  echo "$port" >"$kafka_port_file"
}

# The PLAINTEXT socket opens only once the broker is caught up with the controller and unfenced, so
# an accepted connection means ready.
await_ready() {
  local pid deadline=$((SECONDS + start_timeout))
  pid="$(kafka_recorded_pid)"
  until kafka_port_open "$port"; do
    if ! kafka_is_our_broker "$pid"; then
      kafka_say "broker exited during startup; last lines of $kafka_log:"; tail -n 40 "$kafka_log" >&2
      rm -f "$kafka_pid_file" "$kafka_port_file"; exit 1
    fi
    if ((SECONDS >= deadline)); then
      kafka_say "broker not ready after ${start_timeout}s; stopping it. Last lines of $kafka_log:"
      tail -n 40 "$kafka_log" >&2
      "$kafka_here/stop.sh"; exit 1
    fi
    sleep 0.2
  done
}

main() {
  mkdir -p "$kafka_state"
  local running
  running="$(kafka_recorded_pid)"
  if kafka_is_our_broker "$running" && [[ -f "$kafka_port_file" ]] && kafka_port_open "$(cat "$kafka_port_file")"; then
    kafka_say "already running (pid $running)"
    echo "KAFKA_BROKERS=127.0.0.1:$(cat "$kafka_port_file")"
    return 0
  fi
  if kafka_is_our_broker "$running"; then "$kafka_here/stop.sh"; fi
  rm -f "$kafka_pid_file" "$kafka_port_file"
  require_tools
  resolve_classpath
  choose_ports
  rm -rf "$kafka_run" && mkdir -p "$kafka_run/data" "$kafka_run/logs"
  write_config
  format_storage
  launch_broker
  await_ready
  kafka_say "ready on 127.0.0.1:$port (pid $(kafka_recorded_pid), log $kafka_log)"
  echo "KAFKA_BROKERS=127.0.0.1:$port"
}

main "$@"
