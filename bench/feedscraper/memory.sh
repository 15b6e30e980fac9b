#!/usr/bin/env bash
# Feed bodies against the heap: CLIENTS clients each POST URLS URLs of a 4 MB feed that a local
# nginx serves slowly (RATE per connection), so that many bodies are half-read at once; the
# scraper runs under bin/serve with its default JVM options (-Xmx512m). Prints each client's
# statuses, the scraper's peak RSS, the slowest /healthz answer during the load, and whether
# the scraper was still up at the end.
#   bench/feedscraper/memory.sh [--set name=value ...]   (after `mvn install`; needs nginx)
# Extra arguments go to bin/serve: `--set feedscraper.max-bytes-in-flight=100000000000` turns
# the body budget off, to see what it prevents. Only 127.0.0.1 is used; every URL differs, so
# the cache cannot answer; the per-host limit is opened up, since every feed is on one host.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
clients=${CLIENTS:-4} urls=${URLS:-224} rate=${RATE:-400k}
feeds_port=${FEEDS_PORT:-18999} scraper_port=${SCRAPER_PORT:-18012}
command -v nginx >/dev/null || { echo "nginx is needed: apt-get install -y nginx" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

await_port() {
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1" >&2; return 1
}

mkdir -p "$work/www"
chmod 755 "$work"  # nginx's worker is not root
python3 - "$work/www/big.xml" <<'EOF'
import sys
parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Big Feed</title>'
         '<link>http://example.com/</link><description>d</description>\n']
size, i = len(parts[0]), 0
while size < 4_000_000:
    item = '<item><title>Item %d</title><description>%s</description></item>\n' % (i, 'lorem ipsum dolor sit amet ' * 20)
    parts.append(item); size += len(item); i += 1
parts.append('</channel></rss>\n')
open(sys.argv[1], 'w').write(''.join(parts))
EOF
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$feeds_port;
    root $work/www;
    location / { default_type application/rss+xml; limit_rate $rate; }
  }
}
EOF
nginx -c "$work/nginx.conf"
await_port "$feeds_port"

"$root/bin/serve" --set server.bind=127.0.0.1:$scraper_port --set server.access-log=off \
  --set feedscraper.allow-private-networks=true --set feedscraper.cache-ttl=0ms \
  --set feedscraper.max-fetches-per-host=1000 "$@" >"$work/scraper.log" 2>&1 &
scraper=$!
pids+=($scraper)
await_port "$scraper_port"
echo "== $clients clients x $urls URLs of a $(du -k "$work/www/big.xml" | cut -f1) KiB feed at $rate per connection; bin/serve $*"

started=$(date +%s)
clients_pids=()
for c in $(seq "$clients"); do
  for q in $(seq "$urls"); do echo "http://127.0.0.1:$feeds_port/big.xml?client=$c&q=$q"; done >"$work/urls$c.txt"
  curl -s -m 300 -H 'Accept: application/json' --data-binary @"$work/urls$c.txt" \
    "http://127.0.0.1:$scraper_port/" >"$work/out$c.json" 2>/dev/null &
  clients_pids+=($!)
done
slowest=0
while pgrep -P $$ -x curl >/dev/null; do
  t=$(curl -s -m 5 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$scraper_port/healthz" || echo failed)
  if [ "$t" = failed ]; then slowest=failed; elif [ "$slowest" != failed ]; then
    slowest=$(python3 -c "print(max($slowest, $t))"); fi
  sleep 2
done
for pid in "${clients_pids[@]}"; do wait "$pid" || true; done
echo "all clients done after $(( $(date +%s) - started )) s"

for c in $(seq "$clients"); do
  python3 - "$work/out$c.json" "$c" <<'EOF'
import collections, json, sys
try:
    results = json.load(open(sys.argv[1]))
    print("client %s: %s" % (sys.argv[2], dict(collections.Counter(r["status"] for r in results))))
except ValueError:
    print("client %s: no complete answer (the connection broke)" % sys.argv[2])
EOF
done
if kill -0 "$scraper" 2>/dev/null; then
  echo "scraper: up; peak RSS $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$scraper/status); slowest /healthz ${slowest} s"
else
  echo "scraper: DOWN ($(grep -m1 -o 'Terminating due to .*' "$work/scraper.log" || echo 'see its log'))"
fi
