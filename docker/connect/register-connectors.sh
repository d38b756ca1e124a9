#!/bin/sh
# Creates or updates every connector of /opt/tickflow/connectors through the Connect REST API, then exits:
# <name>.json holds the config of connector <name> (the body of PUT /connectors/<name>/config). Idempotent, so the
# one-shot connect-init service may run on every `docker compose up`. Secrets stay ${env:...} references, which the
# worker resolves from its own environment.
set -eu

CONNECT_URL="${CONNECT_URL:-http://connect:8083}"
CONNECTORS_DIR="${CONNECTORS_DIR:-/opt/tickflow/connectors}"
RESPONSE=/tmp/connect-response

until curl -fsS -o /dev/null "$CONNECT_URL/connectors"; do
  echo "Waiting for Kafka Connect at $CONNECT_URL"
  sleep 3
done

for file in "$CONNECTORS_DIR"/*.json; do
  name=$(basename "$file" .json)
  attempt=1
  while true; do
    status=$(curl -sS -o "$RESPONSE" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
      --data @"$file" "$CONNECT_URL/connectors/$name/config")
    case "$status" in
      200) echo "Connector $name updated"; break ;;
      201) echo "Connector $name created"; break ;;
      # 409: the worker group is rebalancing (a worker just joined); anything else is the config's fault.
      409)
        if [ "$attempt" -ge 30 ]; then
          echo "Connector $name: the worker group kept rebalancing" >&2
          exit 1
        fi
        attempt=$((attempt + 1))
        sleep 2 ;;
      *)
        echo "Connector $name refused ($status):" >&2
        cat "$RESPONSE" >&2
        exit 1 ;;
    esac
  done
done

for file in "$CONNECTORS_DIR"/*.json; do
  name=$(basename "$file" .json)
  curl -sS "$CONNECT_URL/connectors/$name/status" || true
  echo
done
