#!/usr/bin/env bash
# Renders the pictures of the README's walk-through for analysts (docs/analysts/*.png) from the real models:
# the journey, the reusable question, and a before/after crop of the example change (a question whose answer goes into
# the protocol form's notes). The "after" model is the one AnalystChangesTest deploys; the test leaves a copy in
# target/analyst-change/conversation.bpmn, so run it first:
#
#   mvn -o test -Dtest=AnalystChangesTest && scripts/render-analyst-pictures.sh
#
# Uses scripts/render-models.sh (bpmn-to-image and the system Chromium) and crops with Chromium's screenshot of the SVG.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/render-models.sh processes/conversation.bpmn processes/ask-and-wait.bpmn
after=target/analyst-change/conversation.bpmn
[[ -f "$after" ]] || { echo "render-analyst-pictures: $after is missing; run AnalystChangesTest first" >&2; exit 2; }
mkdir -p target/diagrams/after target/diagrams/identify docs/analysts
render() {
  PUPPETEER_EXECUTABLE_PATH="$PWD/target/render-tools/chromium-no-sandbox" \
    target/render-tools/node_modules/.bin/bpmn-to-image --no-footer "$1:$2" >/dev/null
}
render "$after" target/diagrams/after/conversation.svg
# the collapsed subprocess "Identificar cliente" has a diagram of its own: a copy with that diagram first draws it
awk '/<bpmndi:BPMNDiagram id="ConversationDiagram">/{main=1} main{m=m $0 "\n"; if (/<\/bpmndi:BPMNDiagram>/) main=0; next}
     /<\/bpmn:definitions>/{printf "%s", m} {print}' processes/conversation.bpmn > target/diagrams/identify/conversation.bpmn
render target/diagrams/identify/conversation.bpmn target/diagrams/identify/conversation.svg
browser=target/render-tools/chromium-no-sandbox
[[ -x "$browser" ]] || browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}

# crop SVG PNG X Y WIDTH HEIGHT: the part of the diagram at (X, Y) (diagram coordinates), as a PNG at 100 %
crop() {
  local svg=$1 png=$2 x=$3 y=$4 w=$5 h=$6 tmp
  tmp=$(mktemp --suffix=.svg)
  sed -E "0,/<svg /s/width=\"[0-9.]+\" height=\"[0-9.]+\" viewBox=\"[^\"]*\"/width=\"$w\" height=\"$h\" viewBox=\"$x $y $w $h\"/" "$svg" > "$tmp"
  "$browser" --headless --disable-gpu --hide-scrollbars --default-background-color=ffffffff \
    --window-size="$w,$h" --screenshot="$PWD/$png" "file://$tmp" >/dev/null 2>&1
  rm -f "$tmp"
  echo "render-analyst-pictures: $png"
}

crop target/diagrams/conversation.svg docs/analysts/conversation.png 125 60 1665 720
crop target/diagrams/conversation.svg docs/analysts/conversation-menu.png 125 60 960 480
crop target/diagrams/identify/conversation.svg docs/analysts/identify-customer.png 1020 60 920 470
crop target/diagrams/ask-and-wait.svg docs/analysts/ask-and-wait.png 120 60 680 380
crop target/diagrams/conversation.svg docs/analysts/change-before.png 1030 280 740 140
crop target/diagrams/after/conversation.svg docs/analysts/change-after.png 1030 280 1190 140
