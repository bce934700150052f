#!/bin/sh
# Install the Debian packages Steward's build, tests and demo need, when
# they are missing, and the test tools from npm: every devDependency of
# package.json, as package-lock.json pins them (playwright-core drives
# Debian's chromium and never downloads a browser; ajv and ajv-formats
# check every answer the tests receive against docs/openapi.yaml).
#
#   kore                 HTTP server the Steward module runs in
#   libsodium-dev        Argon2id password hashes, random tokens, constant-time compare
#   libsqlite3-dev       embedded database (default engine)
#   libpq-dev            PostgreSQL client (large installations)
#   libjansson-dev       strict JSON parsing (UTF-8, duplicate keys, depth)
#   libunistring-dev     Unicode case folding and normalisation
#   libidn2-dev          internationalised e-mail domains
#   libcrack2-dev, cracklib-runtime   password dictionary checks
#   libphonenumber-dev   phone numbers: validation and E.164 normalisation
#   libcurl4-openssl-dev URL parsing (web sites), SMTP delivery, the agent's HTTPS
#   libclamav-dev        the agent's file scanning (ClamAV engine)
#   liboath-dev          TOTP codes for two-step verification
#   libqrencode-dev      QR codes of the authenticator-app secret
#   iso-codes            ISO 3166-1 countries in English and Japanese
#   libcmocka-dev        C unit tests
#   clang, libfuzzer-14-dev   fuzz targets (libFuzzer with ASan + UBSan)
#   libyaml-dev          build time: docs/openapi.yaml to the JSON the server answers
#   postgresql           throwaway clusters for the PostgreSQL test runs
#   sqlite3              the SQLite shell: tests read test databases (backup, crash, schema check)
#   nginx                the load balancer of the two-server API test run
#   chromium             browser tests (through playwright-core)
#   fonts-noto-cjk       Japanese text in the browser tests' screenshots
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential kore libsodium-dev libsqlite3-dev libpq-dev libjansson-dev
libunistring-dev libidn2-dev libphonenumber-dev libcrack2-dev cracklib-runtime libcurl4-openssl-dev
libclamav-dev
liboath-dev libqrencode-dev
iso-codes libcmocka-dev libyaml-dev postgresql sqlite3 nginx chromium fonts-noto-cjk
clang libfuzzer-14-dev"
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
[ "${STEWARD_DEPS_BENCH:-0}" = 1 ] && pkgs="$pkgs wrk"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
		echo "deps: run as root or install:$missing" >&2; exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm ci whenever one of the dev dependencies is not installed.
for m in $(node -p 'Object.keys(require("./package.json").devDependencies).join(" ")'); do
	if [ ! -f "node_modules/$m/package.json" ]; then
		echo "deps: installing the test tools from npm ($m is missing)"
		PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
		break
	fi
done
