#!/usr/bin/env bash
# Installs and starts the services the server-backed test suites need, from
# Debian packages and npm only: PostgreSQL 15 + pgvector (built from Debian's
# trixie source package: bookworm ships no pgvector binary), Redis and
# Chromium. The S3 server (s3rver) is an npm devDependency started by the
# tests' global setup. Idempotent: safe to run twice.
set -euo pipefail

log() { printf '[provision] %s\n' "$*"; }
export DEBIAN_FRONTEND=noninteractive

need_pkgs=()
for p in postgresql-15 postgresql-server-dev-15 redis-server dpkg-dev chromium fonts-dejavu-core; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if [ ! -f /usr/share/postgresql/15/extension/vector.control ]; then
  log "building pgvector from Debian's source package"
  if ! grep -rqs "deb-src.*trixie\|Types: deb-src" /etc/apt/sources.list.d/rounds-src.sources 2>/dev/null; then
    cat > /etc/apt/sources.list.d/rounds-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  build=$(mktemp -d)
  (cd "$build" && apt-get source -qq pgvector >/dev/null 2>&1 && cd pgvector-*/ \
    && make -s OPTFLAGS="" PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null \
    && make -s install PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null)
  rm -rf "$build"
fi

if ! pg_lsclusters -h | grep -q "15 *main.*online"; then
  log "starting PostgreSQL 15"
  pg_ctlcluster 15 main start
fi
su postgres -c "psql -qtAc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
log "services ready"
