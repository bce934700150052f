# lib.sh - what the bench scripts (run.sh, agent.sh, scale.sh, compare.sh)
# share; they source it from the top of the tree.

# A free TCP port on the loopback address.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Wait (up to 30 s) until the server writing LOG says it is listening;
# otherwise show LOG and end the script.
wait_listening() {	# LOG
	i=0
	until grep -qs "listening" "$1"; do
		i=$((i + 1)); [ $i -lt 300 ] || { cat "$1" >&2; exit 1; }
		sleep 0.1
	done
}

# Build the Kore hello-world module (the baseline: Kore answering a 3-byte
# body, built with the flags Steward's module is built with) and start it
# with $workers workers in the scratch directory $tmp. Sets hport (its
# port) and hpid (its process) and adds hpid to $pids.
hello_start() {
	# shellcheck disable=SC2046
	cc $(cat /usr/share/kore/features) -O2 -fPIC -shared -o "$tmp/hello.so" bench/hello/hello.c
	hport=$(free_port)
	cat > "$tmp/hello.conf" <<CONF
server bench {
	bind 127.0.0.1 $hport
	tls no
}
load $tmp/hello.so
root $tmp
workers $workers
pidfile $tmp/hello.pid
http_server_version bench
domain * {
	attach bench
	route ^/ hello
}
CONF
	kore -f -q -n -r -c "$tmp/hello.conf" >/dev/null 2>&1 &
	hpid=$!
	pids="$pids $hpid"
	sleep 1
}

# Descendants of a process.
tree() {	# pid -> its descendants
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		echo "$c"
		tree "$c"
	done
}

# A process's own ticks and those of its children it has reaped: summed
# over a tree, what exited between two snaps is still counted.
ticks() {	# pid... -> their user + system clock ticks
	for p in "$@"; do
		sed 's/^.*) //' /proc/"$p"/stat 2>/dev/null || true
	done | awk '{ t += $12 + $13 + $14 + $15 } END { print t + 0 }'
}

# The request workers below a process (Kore names them "[wrk N]").
kore_workers() {	# pid -> the worker pids
	for p in $(tree "$1"); do
		grep -qs 'wrk' /proc/"$p"/cmdline && echo "$p"
	done
}
