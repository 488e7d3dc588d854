#!/usr/bin/env bash
# Renders the analysts' BPMN models (processes/**/*.bpmn) to PNG and SVG, as Camunda Modeler draws them, for the
# README's walk-through and for reviews: target/diagrams/<path>.png and .svg. Not run by CI.
#
# Needs Node.js 20 and a Chromium (Debian: apt-get install chromium). It installs bpmn-to-image (pinned) into
# target/render-tools without letting puppeteer download a browser of its own, and points it at the system Chromium
# (CHROMIUM=/path/to/chromium to choose another). Running as root, Chromium needs --no-sandbox, which bpmn-to-image
# cannot pass: a small wrapper adds it.
#
#   scripts/render-models.sh                 # every model
#   scripts/render-models.sh processes/ask-and-wait.bpmn
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BPMN_TO_IMAGE_VERSION=0.10.0
tools=target/render-tools
out=target/diagrams
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chromium" ]]; then
  echo "render-models: no Chromium found; install it (apt-get install chromium) or set CHROMIUM" >&2
  exit 2
fi

if [[ ! -x "$tools/node_modules/.bin/bpmn-to-image" ]]; then
  echo "render-models: installing bpmn-to-image $BPMN_TO_IMAGE_VERSION into $tools"
  mkdir -p "$tools"
  PUPPETEER_SKIP_DOWNLOAD=true npm install --prefix "$tools" --no-save --no-audit --no-fund "bpmn-to-image@$BPMN_TO_IMAGE_VERSION" >/dev/null
fi

browser="$chromium"
if [[ $(id -u) -eq 0 ]]; then
  browser="$PWD/$tools/chromium-no-sandbox"
  printf '#!/bin/sh\nexec "%s" --no-sandbox "$@"\n' "$chromium" > "$browser"
  chmod +x "$browser"
fi

shopt -s globstar nullglob
models=("$@")
if (( ${#models[@]} == 0 )); then
  models=(processes/**/*.bpmn)
fi
for model in "${models[@]}"; do
  target="$out/${model#processes/}"
  target="${target%.bpmn}"
  mkdir -p "$(dirname "$target")"
  PUPPETEER_EXECUTABLE_PATH="$browser" "$tools/node_modules/.bin/bpmn-to-image" --no-footer "$model:$target.png,$target.svg"
  echo "render-models: $model -> $target.png, $target.svg"
done
