#!/usr/bin/env bash
# Makes (once) the Python venv with astropy that the SAMP tests use: astropy's SAMP hub with
# the Web Profile and its SAMP client (tests/e2e/samp_hub.py), and scripts/samp_capture.py.
# Prints the venv's python on its last line; exits non-zero (saying why) if it cannot be made.
set -euo pipefail
venv="${XCLASS_SAMP_VENV:-$HOME/.cache/xclass/samp-venv}"
# astropy.samp is deprecated since astropy 8 (for pyvo.samp) but still shipped there.
spec='astropy>=6,<9'
if ! "$venv/bin/python" -c 'import astropy.samp' 2>/dev/null; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$spec" >&2
fi
echo "$venv/bin/python"
