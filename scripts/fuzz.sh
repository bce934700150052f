#!/bin/sh
# Run every libFuzzer target of tests/fuzz/ (built by `make fuzz` into
# build-fuzz/) for SECONDS each (default 10), one after another.
#
#   sh scripts/fuzz.sh            10 s a target (CI runs 12)
#   sh scripts/fuzz.sh 600        the long run (make fuzz-run)
#   sh scripts/fuzz.sh 60 fuzz_csv fuzz_mime   only these targets
#
# Each target starts from its seed corpus tests/fuzz/corpus/<target>/,
# which is only read: new inputs go to a temporary directory, removed at
# the end (set STEWARD_FUZZ_KEEP=dir to keep them there, to add the good
# ones to the seeds by hand). A crash, a sanitizer report or a failed
# property stops that target; its input is saved under
# build-fuzz/findings/<target>/ and the script fails, naming it. A summary
# line per target gives the seconds run, executions and corpus size.
set -u
cd "$(dirname "$0")/.."

secs=${1:-10}
[ $# -gt 0 ] && shift
targets=${*:-$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')}
work=$(mktemp -d /tmp/steward-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
# Leaks in jansson's or libphonenumber's one-time caches are not findings;
# a property or sanitizer failure is.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
for t in $targets; do
	bin=build-fuzz/$t
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin is missing (make fuzz)" >&2
		status=1
		continue
	fi
	seeds=tests/fuzz/corpus/$t
	new=${STEWARD_FUZZ_KEEP:-$work}/$t
	found=build-fuzz/findings/$t
	rm -rf "$found"
	mkdir -p "$new" "$found"
	start=$(date +%s)
	"$bin" -max_total_time="$secs" -max_len=8192 -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$found/" "$new" "$seeds" \
	    > "$work/$t.log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
	units=$(ls "$new" | wc -l)
	nseeds=$(ls "$seeds" 2>/dev/null | wc -l)
	if [ $rc -eq 0 ]; then
		echo "fuzz: $t ok: $((end - start)) s, ${execs:-?} runs," \
		    "corpus $nseeds seeds + $units new"
	else
		status=1
		echo "fuzz: $t FAILED (exit $rc) after $((end - start)) s:"
		grep -E 'property failed|ERROR:|runtime error|SUMMARY' \
		    "$work/$t.log" | head -5 | sed 's/^/    /'
		for f in "$found"/crash-* "$found"/leak-* "$found"/timeout-* \
		    "$found"/oom-*; do
			[ -f "$f" ] && echo "    reproduce: $bin $f"
		done
		cp "$work/$t.log" "$found/log.txt"
	fi
done
exit $status
