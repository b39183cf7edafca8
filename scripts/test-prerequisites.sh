#!/bin/sh
# The system programs the e2e suites start on free 127.0.0.1 ports (a private redis-server and PostgreSQL cluster
# each, headless Chromium). On Debian or Ubuntu, run as root, the missing ones are installed with apt-get; elsewhere
# this says what to install and fails, so `npm test` stops before a suite does.
set -eu

missing=''
have() { command -v "$1" >/dev/null 2>&1; }
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

have redis-server || missing="$missing redis-server"
[ -n "$(postgres_bin)" ] || have initdb || missing="$missing postgresql"
[ -x /usr/bin/chromium ] || have chromium || missing="$missing chromium"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "test prerequisites: installing$missing with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # one package name per word
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit 0
fi

echo "test prerequisites missing:$missing" >&2
echo "install them (Debian/Ubuntu: apt-get install$missing; macOS: brew install redis postgresql chromium) and run npm test again" >&2
exit 1
