#!/bin/sh
# Gathers what the Feed Scraper runs on, after `mvn package`, into one directory:
#   assemble.sh SOURCE_ROOT TARGET  ->  TARGET/lib/*.jar, TARGET/conf/greenhouse.properties,
#                                       TARGET/bin/healthcheck
# Used by the Dockerfile's build stage, and by FeedScraperImageIT on the real build output.
set -eu
src=$1
out=$2
mkdir -p "$out/lib" "$out/conf" "$out/bin"
for module in server feedscraper; do
  found=0
  for jar in "$src/$module"/target/greenhouse-*.jar; do
    case "$jar" in *-tests.jar|*-sources.jar|*-javadoc.jar) continue ;; esac
    [ -f "$jar" ] || continue
    cp "$jar" "$out/lib/"
    found=1
  done
  if [ "$found" = 0 ]; then
    echo "assemble.sh: no $module jar in $src/$module/target; run mvn package first" >&2
    exit 1
  fi
  cp "$src/$module"/target/lib/*.jar "$out/lib/"
done
cp "$src/conf/greenhouse.properties" "$out/conf/"
cp "$src/feedscraper/docker/healthcheck.sh" "$out/bin/healthcheck"
chmod 755 "$out/bin/healthcheck"
