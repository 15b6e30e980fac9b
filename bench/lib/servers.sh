# Shared by bench/run, bench/idle and bench/fresh-clients: building, starting, probing and stopping the servers.
# Sourced; expects $bench (this bench/ directory) and $work (a scratch directory) to be set.

root=$(cd "$bench/.." && pwd)
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
ALL_SERVERS="greenhouse netty undertow helidon jetty jdk nginx vtsocket vtloop"
JAVA_PEERS="netty undertow helidon jetty jdk"

# name -> port: fixed, so a leftover server shows up as "port in use" rather than as results
port_of() {
  case "$1" in
    greenhouse) echo 18080 ;; netty) echo 18081 ;; undertow) echo 18082 ;; helidon) echo 18083 ;;
    jetty) echo 18084 ;; jdk) echo 18085 ;; nginx) echo 18086 ;; vtsocket) echo 18087 ;; vtloop) echo 18088 ;;
    *) echo "bench: unknown server '$1' (known: $ALL_SERVERS)" >&2; return 1 ;;
  esac
}

main_of() {
  case "$1" in
    netty) echo io.greenhouse.bench.NettyHello ;; undertow) echo io.greenhouse.bench.UndertowHello ;;
    helidon) echo io.greenhouse.bench.HelidonHello ;; jetty) echo io.greenhouse.bench.JettyHello ;;
    jdk) echo io.greenhouse.bench.JdkHello ;; vtsocket) echo io.greenhouse.bench.VtSocketFloor ;;
    vtloop) echo io.greenhouse.bench.VtLoopFloor ;;
  esac
}

log() { echo "bench: $*" >&2; }

raise_fd_limit() {
  ulimit -Hn 1048576 2>/dev/null || true
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# Whether Greenhouse can be served: bin/serve exists (it is written on main, merged into here).
greenhouse_present() {
  [ -x "$root/bin/serve" ] && [ -d "$root/server/src/main/java" ]
}

# Installs the root project into the local repository (the bench modules depend on it), then
# builds the bench modules. Skips the root when Greenhouse is not there yet.
build_all() {
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  if greenhouse_present; then
    log "building Greenhouse (root project, install -DskipTests)"
    (cd "$root" && mvn -B -q -ntp install -DskipTests) >&2
  else
    log "Greenhouse is not in this tree yet (no bin/serve): building the peers only"
  fi
  local modules="peer-netty,peer-undertow,peer-helidon,peer-jetty,peer-jdk,peer-vtsocket,idle-client,flood-client" version
  greenhouse_present && modules="hello-greenhouse,jmh-server,$modules"
  version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${version:-21}" -ge 22 ] && modules="$modules,peer-vtloop"  # the foreign function API is final from 22
  log "building bench modules: $modules"
  # clean: the modules built against Greenhouse must be recompiled when its classes change, and
  # the compiler sees changes to sources only
  (cd "$bench" && mvn -B -q -ntp clean package -pl "$modules") >&2
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_server NAME [idle]: starts NAME pinned to $SERVER_CPU, sets SERVER_PID and SERVER_PORT.
# "idle" lifts Greenhouse's connection cap and idle timeout so the idle run can hold its N.
start_server() {
  local name=$1 mode=${2:-} port out
  port=$(port_of "$name") || return 1
  out="$work/$name.log"
  if ! port_free "$port"; then
    log "port $port for $name is already in use; is an earlier server still running?"
    return 1
  fi
  case "$name" in
    greenhouse)
      local extra=()
      [ "$mode" = idle ] && extra=(--max-connections 1000000 --idle-timeout 1h)
      (cd "$root" && exec taskset -c "$SERVER_CPU" bin/serve --bind "127.0.0.1:$port" --access-log off \
        "${extra[@]}" --classpath "$bench/hello-greenhouse/target/bench-hello-greenhouse-0.1.0-SNAPSHOT.jar" io.greenhouse.bench.HelloApp) \
        >"$out" 2>&1 &
      ;;
    nginx)
      mkdir -p "$work/nginx"
      sed -e "s|@PORT@|$port|" -e "s|@DIR@|$work/nginx|g" -e "s|@CONNECTIONS@|${NGINX_CONNECTIONS:-65536}|" \
        "$bench/lib/nginx.conf" >"$work/nginx/nginx.conf"
      taskset -c "$SERVER_CPU" nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" \
        >"$out" 2>&1 &
      ;;
    *)
      local dir="$bench/peer-$name" opts=()
      # the experiment's own scheduler and system calls: see VtLoopFloor
      [ "$name" = vtloop ] && opts=(--enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED)
      taskset -c "$SERVER_CPU" "$JAVA" "${opts[@]}" -cp "$dir/target/classes:$dir/target/lib/*" "$(main_of "$name")" "$port" \
        >"$out" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  SERVER_PORT=$port
  local i
  for i in $(seq 1 300); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "$name exited at start; its output:"; tail -n 20 "$out" >&2
      return 1
    fi
    if [ "$(curl -s --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null)" = "Hello, World!" ]; then
      check_response "$name" "$port"
      return 0
    fi
    sleep 0.1
  done
  log "$name did not answer on port $port within 30 s; its output:"; tail -n 20 "$out" >&2
  stop_server
  return 1
}

# Warns when a server's hello world differs from the others' in what the comparison relies on.
check_response() {
  local got
  got=$(curl -s -o /dev/null -o /dev/null --max-time 2 -w '%{http_code} %{content_type} %{num_connects};' \
        "http://127.0.0.1:$2/" "http://127.0.0.1:$2/" 2>/dev/null)
  case "$got" in
    "200 text/plain"*" 1;200 text/plain"*" 0;") ;;
    *) log "warning: $1 answers \"$got\" (want: 200 text/plain, the second request on the same connection)" ;;
  esac
}

# The pids whose memory is the server's: the JVM, or nginx's master and its worker.
server_pids() {
  echo "$SERVER_PID"
  pgrep -P "$SERVER_PID" 2>/dev/null || true
}

# Peak resident set (VmHWM) of the server, KiB, summed over its processes.
server_hwm_kib() {
  local pid total=0 v
  for pid in $(server_pids); do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    log "server $SERVER_PID ignored SIGTERM for 10 s; killing it"
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
