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

# After an unclean stop (the machine restarted under a running server)
# PostgreSQL syncs its data directory before it accepts connections; with
# many databases that took over a minute, past pg_ctl's default 60 s wait.
# syncfs syncs each file system once instead of every file, and the wait is
# longer. Both only matter at start.
conf=/etc/postgresql/15/main/conf.d/rounds.conf
if [ ! -f "$conf" ]; then
  printf "recovery_init_sync_method = syncfs\n" > "$conf"
fi
if ! pg_lsclusters -h | grep -q "15 *main.*online"; then
  log "starting PostgreSQL 15"
  pg_ctlcluster 15 main start -- -t 600
fi
su postgres -c "psql -qtAc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null

# Test databases a run did not drop (one killed before its teardown, or made
# before the teardown dropped them): dropped when nobody is connected, so a
# run going on beside this script keeps its own.
stale=$(su postgres -c "psql -qtAc \"select datname from pg_database d where datname like 'rounds\\_test\\_%' and not exists (select 1 from pg_stat_activity a where a.datid = d.oid)\"")
if [ -n "$stale" ]; then
  log "dropping $(printf '%s\n' "$stale" | wc -l) test databases left by earlier runs"
  for db in $stale; do
    su postgres -c "psql -qtAc 'drop database if exists \"$db\"'" >/dev/null 2>&1 || true
  done
fi

if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
log "services ready"
