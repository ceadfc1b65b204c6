# Sourced by the scripts beside it: a temporary folder, PostgreSQL on 127.0.0.1:$PG_PORT and Redis on
# 127.0.0.1:$REDIS_PORT, Release builds of the server and the load tester, and a clean-up on exit that kills every
# process listed in `pids` and stops both services (KEEP=1 keeps the folder, with the nodes' logs, and says where).
# Set PG_PORT, REDIS_PORT and NAME (the folder's prefix) before sourcing it; run from the repository root.
work=$(mktemp -d "/tmp/adventure-$NAME-XXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "${PGBIN:-}" ] && $AS "$PGBIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

dotnet build -c Release Server -v q -nologo >/dev/null
dotnet build -c Release tests/LoadTest -v q -nologo >/dev/null
DLL=Server/bin/Release/net10.0/AdventureServer.dll
LT=tests/LoadTest/bin/Release/net10.0/LoadTest.dll

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
AS=""
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; AS="runuser -u postgres --"; fi
$AS "$PGBIN/initdb" -D "$work/pg" -U adventure --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
$AS "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $work -c fsync=off" start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile "$work/redis.log"

# The database connection string for database $1.
database() { echo "--Persistence:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=adventure;Database=$1"; }
# Waits (up to 2 minutes each) until every port given answers /healthz.
wait_up() { for port in "$@"; do for _ in $(seq 1 120); do curl -sf "127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done; done; }
