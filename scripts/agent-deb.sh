#!/bin/sh
# Build the agent's Debian package with dpkg-deb:
#   sh scripts/agent-deb.sh BINARY OUT.deb
# It installs /usr/bin/steward-agent, the systemd unit and an empty
# /var/lib/steward-agent (0700); the version comes from
# src/agent/agent_version.h.
set -eu
cd "$(dirname "$0")/.."
bin=$1
out=$2
version=$(sed -n 's/^#define AGENT_VERSION[[:space:]]*"\(.*\)"/\1/p' src/agent/agent_version.h)
[ -n "$version" ] || { echo "agent-deb: no AGENT_VERSION" >&2; exit 1; }
root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" \
	"$root/usr/share/doc/steward-agent"
install -d -m 0700 "$root/var/lib/steward-agent"
install -m 0755 "$bin" "$root/usr/bin/steward-agent"
strip --strip-unneeded "$root/usr/bin/steward-agent" 2>/dev/null || true
install -m 0644 packaging/steward-agent.service "$root/lib/systemd/system/"
for f in postinst prerm postrm; do
	install -m 0755 "packaging/debian/$f" "$root/DEBIAN/$f"
done
cat > "$root/usr/share/doc/steward-agent/README" <<'DOC'
steward-agent: enrol with "steward-agent enroll --server URL --token T
--state-dir /var/lib/steward-agent", then "systemctl enable --now
steward-agent". See "steward-agent --help".
DOC
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" \
	packaging/debian/control.in > "$root/DEBIAN/control"
mkdir -p "$(dirname "$out")"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out.tmp" >/dev/null
mv "$out.tmp" "$out"
echo "agent-deb: $out ($version)"
