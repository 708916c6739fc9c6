#!/usr/bin/env bash
# The whole test suite, on SQLite and on PostgreSQL, and in real headless Chromium.
#
# PostgreSQL: with JIEKANG_TEST_PG set (an admin URL such as
# postgres://postgres@127.0.0.1:5432/postgres) the tests create and drop their own
# databases on that server. Without it they start a throwaway cluster themselves
# (initdb + pg_ctl, as the `postgres` user when run as root) under
# ${TMPDIR:-/tmp}/jiekang-test-pg-<uid>/, shared by all test processes, and this script
# stops and removes it at the end. A fresh Debian machine needs only:
#   apt-get install -y postgresql
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh Debian machine: install the PostgreSQL server binaries the tests start.
if [ -z "${JIEKANG_TEST_PG:-}" ] && ! command -v initdb >/dev/null 2>&1 \
   && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing postgresql (needed by the PostgreSQL tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  else
    echo "PostgreSQL server binaries (initdb, pg_ctl) not found: install the 'postgresql' package or set JIEKANG_TEST_PG" >&2
    exit 1
  fi
fi

# The server embeds a CJK font for its PDFs (crates/web/build.rs); install it when missing.
./scripts/install-fonts.sh

# The real-browser tests (crates/e2e) drive Debian's Chromium; install it when missing.
./scripts/install-browser.sh

cleanup() {
  # Stop the shared throwaway cluster, if the tests started one.
  cargo run --quiet -p jiekang-store-postgres --features testing --bin jiekang-test-pg -- stop || true
}
trap cleanup EXIT

cargo test --workspace --all-features "$@"
