#!/usr/bin/env bash
# The CJK font the server embeds to write its printed documents as PDF (crates/web/build.rs):
# Noto Serif CJK from Debian's fonts-noto-cjk (SIL Open Font License 1.1). Idempotent:
# installs only when missing, as root through apt-get; exits non-zero with a clear message
# when it cannot. JIEKANG_CJK_FONT set to a font file skips the check.
set -euo pipefail

if [ -n "${JIEKANG_CJK_FONT:-}" ] && [ -f "$JIEKANG_CJK_FONT" ]; then
  exit 0
fi
for f in /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
         /usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc \
         /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; do
  [ -f "$f" ] && exit 0
done

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-fonts.sh: the CJK font for the printed documents is missing." >&2
  echo "  Run this script as root on Debian (it uses apt-get), or install it yourself:" >&2
  echo "  sudo apt-get install -y fonts-noto-cjk" >&2
  echo "  (or set JIEKANG_CJK_FONT to a CJK .ttc/.otf/.ttf file)" >&2
  exit 1
fi

echo "== installing fonts-noto-cjk (the printed documents' font)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq fonts-noto-cjk
