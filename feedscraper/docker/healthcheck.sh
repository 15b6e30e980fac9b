#!/bin/bash
# The container's HEALTHCHECK: exits 0 when GET /healthz on this host answers 200, else 1.
# Plain bash (/dev/tcp), so the runtime image needs no curl. Port: $GREENHOUSE_HEALTHCHECK_PORT,
# else the one GREENHOUSE_SERVER_BIND names (host:port), else 9010.
bind=${GREENHOUSE_SERVER_BIND:-}
case "$bind" in
  unix:*|"") bound=9010 ;;
  *) bound=${bind##*:} ;;
esac
port=${GREENHOUSE_HEALTHCHECK_PORT:-$bound}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3>&-
case "$status" in
  "HTTP/1.1 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
