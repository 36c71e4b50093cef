# Throwaway PostgreSQL and Redis servers on free loopback ports, for examples/cluster.sh and bench/cluster.sh.
# Source it, then: backends_init DIR; start_postgres [extra postgres flags]; start_redis; ... ; backends_stop.
# Sets DATABASE_URL, PG_PORT, REDIS_URL, REDIS_PORT. Needs PostgreSQL's server binaries and redis-server
# (Debian: apt-get install postgresql redis-server).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

backends_init() { # DIR: where the servers keep their data and logs
  BACKENDS_DIR=$1
  BACKENDS_PIDS=()
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  AS_PG=()
  chmod 755 "$BACKENDS_DIR"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres "$BACKENDS_DIR"
    AS_PG=(runuser -u postgres --)
  fi
}

start_postgres() { # [flags for postgres, e.g. -c fsync=off]
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL's initdb is not installed (apt-get install postgresql)" >&2; return 1; }
  PG_PORT=$(free_port)
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$BACKENDS_DIR/pg" -U postgres --auth=trust -E UTF8 --no-instructions \
    >"$BACKENDS_DIR/initdb.log"
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$BACKENDS_DIR/pg" -l "$BACKENDS_DIR/pg.log" -w \
    -o "-p $PG_PORT -k $BACKENDS_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 $*" start >/dev/null
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
}

start_redis() {
  command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; return 1; }
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$BACKENDS_DIR" \
    >"$BACKENDS_DIR/redis.log" 2>&1 &
  BACKENDS_PIDS+=($!)
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
}

backends_stop() {
  for pid in "${BACKENDS_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${PG_PORT:-}" ]; then
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$BACKENDS_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
