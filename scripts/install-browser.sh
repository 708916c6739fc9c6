#!/usr/bin/env bash
# The headless browser the real-browser tests (crates/e2e) drive: Debian's Chromium and its
# chromedriver, plus what makes it look like our users' browsers in the screenshots: a CJK font
# (else Chinese renders as empty boxes) and Chromium's zh-CN locale (date fields as 2024/10/08).
# Idempotent: installs only what is missing, as root through apt-get; never downloads a browser
# from anywhere else. Exits non-zero with a clear message when it cannot install.
set -euo pipefail

CHROMIUM="${JIEKANG_CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${JIEKANG_CHROMEDRIVER:-/usr/bin/chromedriver}"

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
# The stylesheet names "Noto Sans CJK SC"; without any CJK font Chinese renders as boxes.
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }; then
  missing+=(fonts-noto-cjk)
fi

# The browser test of the printed documents reads the PDF Chromium prints with pdftotext.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

# Chromium's own zh-CN strings and formats (only checked for Debian's Chromium).
if [ "$CHROMIUM" = /usr/bin/chromium ] && [ ! -e /usr/lib/chromium/locales/zh-CN.pak ]; then
  missing+=(chromium-l10n)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "browser: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"), $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
  exit 0
fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser.sh: missing ${missing[*]}." >&2
  echo "  Run this script as root on Debian (it uses apt-get), or install them yourself:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  echo "  (or set JIEKANG_CHROMIUM / JIEKANG_CHROMEDRIVER to an installed Chromium and its matching chromedriver)" >&2
  exit 1
fi

echo "== installing ${missing[*]} (needed by the browser tests)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"

for bin in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [ ! -x "$bin" ]; then
    echo "install-browser.sh: $bin is still missing after apt-get install" >&2
    exit 1
  fi
done
echo "browser: $("$CHROMIUM" --version 2>/dev/null), $("$CHROMEDRIVER" --version | cut -d' ' -f1-2)"
