#!/usr/bin/env bash
# Installs whatever xclass needs and is missing; idempotent, so a warm run takes seconds.
#   scripts/setup.sh           tools to build and serve the app
#   scripts/setup.sh --tests   also Debian's Chromium for the browser tests
# Nothing is downloaded from GitHub: Trunk and wasm-bindgen-cli are built with cargo, wasm-opt
# comes from npm's binaryen, Chromium from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  step "building trunk $TRUNK_VERSION with cargo (about 7 minutes on 2 cores, once)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  step "building wasm-bindgen-cli $WBG_VERSION with cargo (about 2 minutes, once)"
  # Not --locked: its lockfile pins a webpki-roots version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# Again whenever package-lock.json changed since the last install (npm records what it installed).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || ! cmp -s package-lock.json node_modules/.xclass-package-lock.json; then
  step "installing npm devDependencies (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.xclass-package-lock.json
fi

if [ "${1:-}" = "--tests" ] && [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  step "installing Debian's chromium for the browser tests"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

step "fetching crates"
cargo fetch --locked -q
