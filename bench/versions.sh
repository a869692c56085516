#!/usr/bin/env bash
# Two versions of helpcenter on one corpus, alternating, in one run: cold builds, then edits.
#   bench/versions.sh OLD_CHECKOUT NEW_CHECKOUT CONTENT_DIR [RUNS]
# e.g. git worktree add /tmp/old 0b6ec46^ && python ../shared/bench/make_corpus.py --out /tmp/c --articles 1000 \
#      && cp content/site.toml /tmp/c/ && bench/versions.sh /tmp/old . /tmp/c
# Prints "cold|edit <old|new> <run> <seconds>" lines; the content folder is restored after each edit.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); content=$(cd "$3" && pwd); runs=${4:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
py=${PYTHON:-python3}
# bytecode compiled up front, as an installed package has it (PYTHONDONTWRITEBYTECODE would
# otherwise make every run of both versions compile every module)
"$py" -m compileall -q "$old/src" "$new/src" >/dev/null
build() { CI=1 PYTHONPATH="$1/src" "$py" -m helpcenter.cli build --content "$content" --out "$work/$2/site" "${@:3}" >/dev/null 2>&1; }
seconds() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
for i in $(seq "$runs"); do
  for v in old new; do
    rm -rf "$work/$v"; mkdir -p "$work/$v"
    echo "cold $v $i $(seconds build "${!v}" "$v" --no-cache)"
  done
done
articles=("$content"/*/transfers/*.md); article=${articles[0]}; cp "$article" "$work/original.md"
for v in old new; do
  build "${!v}" "$v"
  for i in $(seq "$runs"); do
    sed -i "0,/^## /s//One more sentence $i.\n\n## /" "$article"
    echo "edit $v $i $(seconds build "${!v}" "$v")"
    cp "$work/original.md" "$article"
    build "${!v}" "$v"
  done
done
