#!/usr/bin/env bash
# ensure-backends.sh - provide the servers the e2e tier runs Pulumi's self-managed state
# backends against (test/e2e/teamBackends.e2e.test.ts, `npm run demo -- --backend s3`),
# each pinned and cached like the CLI (scripts/ensure-pulumi-cli.sh); none of them is a
# dependency of the package.
#
# Usage:   bash scripts/ensure-backends.sh [s3] [azblob] [postgres]     (default: all three)
#
# Prints one line per backend on stdout, `NAME=PATH` when it is provided or
# `NAME-skip=REASON` when it cannot be; progress goes to stderr. Exit status 0 when every
# backend asked for is provided, 3 when some are skipped.
#   s3       gofakes3 (github.com/johannesboyne/gofakes3, MIT) built from Go modules at the
#            version pinned in scripts/backends/gofakes3/go.sum; PATH = the executable.
#   azblob   Azurite (Microsoft's Azure Storage emulator) installed with npm at AZURITE_VERSION
#            into the cache, never into the project's node_modules; PATH = `azurite-blob`.
#   postgres the PostgreSQL server of the machine's packages (initdb, pg_ctl, postgres);
#            PATH = their folder. As root, with apt-get, the packages are installed when
#            missing (CI machines are fresh). The harness runs the server as a non-root user.
#
# Cache: ${PULUMI_TAVUS_BACKENDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tavus/backends},
# one folder per backend and pinned version; a folder counts only once complete (atomic rename).
{
set -euo pipefail

GOFAKES3_PKG=github.com/johannesboyne/gofakes3/cmd/gofakes3
AZURITE_VERSION=3.37.0

say() { printf '[ensure-backends] %s\n' "$*" >&2; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cache="${PULUMI_TAVUS_BACKENDS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pulumi-tavus/backends}"
mkdir -p "$cache"
platform=$(uname -s)-$(uname -m)
sha() { sha256sum | cut -c1-16; }

# Installs folder $1 (complete) as $2 by a rename; a concurrent installer that won keeps its copy.
install_dir() {
    if ! mv -T "$1" "$2" 2>/dev/null; then rm -rf "$1"; fi
}

ensure_s3() {
    local src="$script_dir/backends/gofakes3" stamp dir work
    stamp=$(cat "$src/go.mod" "$src/go.sum" <(echo "$platform") | sha)
    dir="$cache/gofakes3-$stamp"
    if [ -x "$dir/gofakes3" ]; then
        echo "s3=$dir/gofakes3"
        return
    fi
    if ! command -v go >/dev/null 2>&1; then
        echo "s3-skip=Go is not installed: gofakes3 is built from Go modules (scripts/backends/gofakes3)"
        return
    fi
    say "building gofakes3 from Go modules (pinned in scripts/backends/gofakes3/go.sum)"
    work=$(mktemp -d "$cache/.gofakes3.XXXXXX")
    if (cd "$src" && GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=readonly \
        go build -trimpath -ldflags "-s -w" -o "$work/gofakes3" "$GOFAKES3_PKG") >"$work/build.log" 2>&1; then
        rm -f "$work/build.log"
        install_dir "$work" "$dir"
        echo "s3=$dir/gofakes3"
    else
        say "go build failed; last lines:"
        tail -n 15 "$work/build.log" | sed 's/^/    /' >&2
        rm -rf "$work"
        echo "s3-skip=go build of $GOFAKES3_PKG failed (see the lines above)"
    fi
}

ensure_azblob() {
    local dir="$cache/azurite-$AZURITE_VERSION" work
    if [ -x "$dir/node_modules/.bin/azurite-blob" ]; then
        echo "azblob=$dir/node_modules/.bin/azurite-blob"
        return
    fi
    if ! command -v npm >/dev/null 2>&1; then
        echo "azblob-skip=npm is not installed: Azurite is installed with npm"
        return
    fi
    say "installing Azurite $AZURITE_VERSION with npm into $dir"
    work=$(mktemp -d "$cache/.azurite.XXXXXX")
    echo '{ "name": "azurite-cache", "private": true }' >"$work/package.json"
    if npm install --prefix "$work" --no-audit --no-fund --no-save --omit=dev \
        "azurite@$AZURITE_VERSION" >"$work/install.log" 2>&1; then
        rm -f "$work/install.log"
        install_dir "$work" "$dir"
        echo "azblob=$dir/node_modules/.bin/azurite-blob"
    else
        say "npm install failed; last lines:"
        tail -n 15 "$work/install.log" | sed 's/^/    /' >&2
        rm -rf "$work"
        echo "azblob-skip=npm install azurite@$AZURITE_VERSION failed (see the lines above)"
    fi
}

postgres_bin() { # the folder holding initdb, pg_ctl and postgres, if any
    local d
    for d in $(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")") \
        $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
            cd "$d" && pwd -P
            return
        fi
    done
}

ensure_postgres() {
    local bin
    bin=$(postgres_bin)
    if [ -z "$bin" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing PostgreSQL from the machine's packages (apt-get install postgresql)"
        export DEBIAN_FRONTEND=noninteractive
        if ! { apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1 ||
            { apt-get update >/dev/null 2>&1 &&
                apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1; }; }; then
            say "apt-get install postgresql failed"
        fi
        bin=$(postgres_bin)
    fi
    if [ -n "$bin" ]; then
        echo "postgres=$bin"
    else
        echo "postgres-skip=no PostgreSQL server (initdb, pg_ctl, postgres): install the postgresql package"
    fi
}

wanted=("$@")
if [ ${#wanted[@]} = 0 ]; then wanted=(s3 azblob postgres); fi
status=0
for name in "${wanted[@]}"; do
    case "$name" in
    s3) line=$(ensure_s3) ;;
    azblob) line=$(ensure_azblob) ;;
    postgres) line=$(ensure_postgres) ;;
    *)
        say "ERROR: unknown backend '$name' (s3, azblob, postgres)"
        exit 1
        ;;
    esac
    echo "$line"
    case "$line" in *-skip=*) status=3 ;; esac
done
exit "$status"
}
