#!/bin/bash
# Builds of the 10,000-entry corpus into a folder on the real disk (/work, ext4), with and without --no-fsync,
# in turns; prints wall seconds per run.
set -e
CORPUS=$1
OUT=/work/wt/whole-site/target/fsync-bench
export KAARTENBAK_TODAY=2026-11-25
t() { local s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc; }
for round in 1 2 3; do
  for mode in sync nosync; do
    flag=""; [ $mode = nosync ] && flag="--no-fsync"
    rm -rf $OUT; sync
    cold=$(t /tmp/kaartenbak-new build --root $CORPUS --output $OUT $flag)
    same=$(t /tmp/kaartenbak-new build --root $CORPUS --output $OUT $flag)
    sed -i 's/^title = .*/title = "Sociale kaart Benchmerk"/' $CORPUS/kaartenbak.toml
    changed=$(t /tmp/kaartenbak-new build --root $CORPUS --output $OUT $flag)
    sed -i 's/^title = .*/title = "Sociale kaart benchmark"/' $CORPUS/kaartenbak.toml
    echo "round $round $mode cold $cold unchanged $same retitled $changed"
  done
  # The old binary (in-place update, no sync) on the same disk.
  rm -rf $OUT; sync
  cold=$(t /tmp/kaartenbak-old build --root $CORPUS --output $OUT)
  same=$(t /tmp/kaartenbak-old build --root $CORPUS --output $OUT)
  sed -i 's/^title = .*/title = "Sociale kaart Benchmerk"/' $CORPUS/kaartenbak.toml
  changed=$(t /tmp/kaartenbak-old build --root $CORPUS --output $OUT)
  sed -i 's/^title = .*/title = "Sociale kaart benchmark"/' $CORPUS/kaartenbak.toml
  echo "round $round old cold $cold unchanged $same retitled $changed"
done
rm -rf $OUT
