#!/usr/bin/env bash
# Fuzzes every target in fuzz/ (as `cargo +nightly fuzz list` names them) for
# SECONDS each, one after another, and fails if any of them finds a crash.
#
#   bash scripts/fuzz.sh            20 s per target
#   bash scripts/fuzz.sh 720        12 minutes per target
#   FUZZ_TARGETS="lint fix" bash scripts/fuzz.sh 60    only these targets
#   FUZZ_SEED=1 bash scripts/fuzz.sh 20    libFuzzer's random seed fixed
#
# scripts/test.sh (CI) fixes the seed: CI replays the same mutations of the
# same seeds every run, so a red run there names a change, not a lucky
# draw, and a seeded run made longer here first covers what CI will run.
# Exploring runs leave FUZZ_SEED unset and run for minutes (fuzz/RUNS.md).
#
# Needs the nightly toolchain (`rustup toolchain install nightly`); installs
# cargo-fuzz if it is missing. Seeds are copied into fuzz/corpus/<target>/
# (not committed) from ../shared/corpus/*.txt, examples/, the tests'
# fixtures and the repository's verbatim.toml examples; the corpus the
# fuzzer grows there is kept between runs. A crash leaves its input in
# fuzz/artifacts/<target>/; minimise it with
#   cargo +nightly fuzz tmin <target> fuzz/artifacts/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
seed="${FUZZ_SEED:-}"
case "$seed" in
  *[!0-9]*) echo "$0: FUZZ_SEED must be a number" >&2; exit 2 ;;
esac

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz.sh: no nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

# Seeds --------------------------------------------------------------------

# Transcripts: the shared corpus, the examples, and the tests' fixtures
# (every format's clean and planted files; not the expected findings).
text_seeds=()
for f in ../shared/corpus/*.txt examples/* editors/vscode/test/e2e/fixtures/*; do
  [ -f "$f" ] && text_seeds+=("$f")
done
if [ -d tests/fixtures ]; then
  while IFS= read -r f; do
    text_seeds+=("$f")
  done < <(find tests/fixtures -type f ! -name '*.expected.*' | sort)
fi

# verbatim.toml examples: any in the repository, and the ```toml blocks of
# the README and of the config module's documentation.
config_seed_dir="$(mktemp -d)"
trap 'rm -rf "$config_seed_dir"' EXIT
# Each target's libFuzzer output, kept until the next run (fuzz/target is
# not committed).
log_dir=fuzz/target/fuzz-logs
mkdir -p "$log_dir"
while IFS= read -r f; do
  cp "$f" "$config_seed_dir/file-$(printf '%s' "$f" | tr '/.' '__')"
done < <(find . -path ./target -prune -o -path ./fuzz -prune -o -path ./node_modules -prune \
  -o \( -name verbatim.toml -o -name .verbatim.toml \) -type f -print)
awk -v dir="$config_seed_dir" '
  /^```toml/ { n++; out = dir "/readme-" n ".toml"; inblock = 1; next }
  /^```/ { inblock = 0; next }
  inblock { print > out }
' README.md
awk -v dir="$config_seed_dir" '
  /^\/\/! ```toml/ { inblock = 1; next }
  /^\/\/! ```/ { inblock = 0; next }
  inblock { sub(/^\/\/! ?/, ""); print > (dir "/config-doc.toml") }
' server/core/src/config/mod.rs
printf 'select = ["ALL"]\n' >"$config_seed_dir/all.toml"
printf '[severity]\nrepeated-word = "loud"\n' >"$config_seed_dir/bad-severity.toml"
printf 'ignor = ["x"]\n' >"$config_seed_dir/unknown-key.toml"

# The incremental target reads a text, a NUL byte, then the edits: each
# transcript is a seed as it is (no edits), and with edits made of bytes.
edit_bytes='\0\001\200\003MR KIRBY:\377\020\001\012\177\000\005(inaudible\100\002\001[1]\001'

seed() { # seed TARGET
  local target="$1" dir="fuzz/corpus/$1" f name
  mkdir -p "$dir"
  case "$target" in
    config)
      cp "$config_seed_dir"/* "$dir"/
      ;;
    lint | fix | incremental*)
      for f in "${text_seeds[@]}"; do
        name="seed-$(printf '%s' "$f" | tr '/' '_' | sed 's/^[._]*//')"
        cp "$f" "$dir/$name"
        case "$target" in
          incremental*)
            { tr -d '\0' <"$f"; printf "$edit_bytes"; } >"$dir/$name.edits"
            ;;
        esac
      done
      ;;
  esac
  # Seeds a target keeps in the repository, if any.
  if [ -d "fuzz/seeds/$target" ]; then
    cp fuzz/seeds/"$target"/* "$dir"/ 2>/dev/null || true
  fi
}

dict_for() { # dict_for TARGET: a -dict= argument, or nothing
  local dict="fuzz/dicts/$1.dict"
  if [ ! -f "$dict" ]; then
    case "$1" in
      lint | fix | incremental*) dict=fuzz/dicts/transcript.dict ;;
    esac
  fi
  [ -f "$dict" ] && printf -- '-dict=%s' "$dict"
  return 0
}

# Run ----------------------------------------------------------------------

echo "== building the fuzz targets"
build_start=$(date +%s)
cargo +nightly fuzz build
echo "built in $(($(date +%s) - build_start)) s"

targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"
failed=()
summary=()
for target in $targets; do
  seed "$target"
  echo "== fuzzing $target for $seconds s${seed:+ (seed $seed)}"
  log="$log_dir/$target.log"
  dict="$(dict_for "$target")"
  status=0
  # One process, no -jobs/-workers: the machine is shared.
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 ${dict:+"$dict"} ${seed:+"-seed=$seed"} >"$log" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  corpus="$(find "fuzz/corpus/$target" -type f | wc -l)"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    failed+=("$target")
    summary+=("$target: FAILED (exit $status) after ${runs:-?} executions; input in fuzz/artifacts/$target/, log in $log")
  else
    tail -n 3 "$log" | grep -v '^$' || true
    summary+=("$target: ${seconds} s, ${runs:-?} executions (${rate:-?}/s), corpus $corpus files, no crash")
  fi
done

echo
echo "== fuzzing summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzzing found crashes in: ${failed[*]}" >&2
  exit 1
fi
