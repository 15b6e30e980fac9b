#!/usr/bin/env bash
# The Feed Scraper benchmark: a local feed server (2000 feeds, 10 entries, 50 +- 10 ms), the
# scraper under bin/serve, then eventlet's own dispatcher, each driven by the same load.
#   bench/feedscraper/run.sh [rounds]       (after `mvn package`; only 127.0.0.1 is used;
#   FEEDS_PORT, SCRAPER_PORT, EVENTLET_PORT override 18080, 18010, 18011)
# The scraper runs with its cache off (every request fetches, as eventlet's does) and its
# per-host and per-request limits opened up, since every feed here lives on one host.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/bench/feedscraper"
. "$root/bin/lib/find-java.sh"
rounds=${1:-5}
# Ports overridable, so two checkouts can be benchmarked one after the other without clashing.
feeds_port=${FEEDS_PORT:-18080} scraper_port=${SCRAPER_PORT:-18010} eventlet_port=${EVENTLET_PORT:-18011}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

await_port() {  # waits until something listens on 127.0.0.1:$1 (bash /dev/tcp; no sleep loop beyond 0.1 s steps)
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1" >&2; return 1
}
peak_rss() { awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$1/status"; }

# The load driver and the feed server share the two cores with whichever side is measured; the
# driver runs on C1 and SerialGC, since C2's compilations in the measured phases took it from
# ~1.0 to ~1.9 s of CPU per 40,000 feeds (same for both sides, so fair to both).
driver_opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC "$here/FeedBench.java" feeds $feeds_port 2000 10 50 10 >/dev/null &
pids+=($!)
await_port $feeds_port

# Chosen for this job on 2 shared cores (override with SCRAPER_JAVA_OPTS): a heap that holds
# 1000 fetches in flight without full GCs (96 MiB did not), and C1 only, since C2's compile
# threads competed with the fetches for the two cores through the whole run and its arenas
# pushed peak RSS over 256 MiB; measured: 1000-URL POST 222 vs 347 ms, 4419 vs 3654 feeds/s.
scraper_opts=${SCRAPER_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx160m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=40m -XX:+ExitOnOutOfMemoryError}
echo "== Greenhouse Feed Scraper ($(basename "$JAVA_HOME"), $scraper_opts)"
JAVA_OPTS="$scraper_opts" "$root/bin/serve" --set server.bind=127.0.0.1:$scraper_port --set server.access-log=off \
  --set feedscraper.allow-private-networks=true --set feedscraper.cache-ttl=0ms \
  --set feedscraper.max-fetches-per-host=1000 --set feedscraper.max-fetches-per-request=1000 2>/dev/null &
scraper=$!
pids+=($scraper)
await_port $scraper_port
"$JAVA_HOME/bin/java" $driver_opts "$here/FeedBench.java" load "http://127.0.0.1:$scraper_port/" "http://127.0.0.1:$feeds_port" 2000 "$rounds"
echo "peak RSS of the scraper: $(peak_rss $scraper)"
kill $scraper; wait $scraper 2>/dev/null || true

if /usr/bin/python3 -c 'import eventlet, feedparser' 2>/dev/null; then
  echo "== eventlet $(/usr/bin/python3 -c 'import eventlet; print(eventlet.__version__)') dispatcher (EVENTLET_NO_GREENDNS=yes)"
  EVENTLET_NO_GREENDNS=yes /usr/bin/python3 "$here/eventlet_dispatcher.py" $eventlet_port 2>/dev/null &
  eventlet=$!
  pids+=($eventlet)
  await_port $eventlet_port
  "$JAVA_HOME/bin/java" $driver_opts "$here/FeedBench.java" load "http://127.0.0.1:$eventlet_port/" "http://127.0.0.1:$feeds_port" 2000 "$rounds"
  echo "peak RSS of the dispatcher: $(peak_rss $eventlet)"
else
  echo "== eventlet: not installed (apt-get install python3-eventlet python3-feedparser)"
fi
