#!/usr/bin/env bash
# Installs what this checkout needs and a fresh machine lacks; quick and silent when all is there.
# Debian packages (Java, Maven, PostgreSQL's binaries) need root; npm packages come from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# promtool checks the Helm chart's alert rules (deploy/helm); Debian ships it with the server.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# Headless Chromium for whatsapp-web.js sessions and browser tests; no npm package may download one.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "installing npm packages (npm ci)…"
  started=$(date +%s)
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "npm packages installed in $(($(date +%s) - started)) s"
fi
