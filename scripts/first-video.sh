#!/usr/bin/env bash
# Set up what is missing, then record and render a first lecture video at low quality
# (05wk-1's linear regression: the fitted line converging, its path over the loss
# surface, the course's two predictions) and print where it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
.venv/bin/lecture render 05wk-1 --only landscape.linreg --quality l "$@"
clip=$(ls -t media/lectures/05wk-1/480p15/*linreg*.mp4 | head -n 1)
echo "Your first lecture video: $(pwd)/$clip"
