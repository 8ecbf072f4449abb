#!/usr/bin/env bash
# ensure-pulumi-cli.sh - provide a working Pulumi CLI (v3.248.0) plus a Node.js language
# host on a machine that has no access to Pulumi's binary downloads, by building them
# from Go modules (see scripts/pulumi-cli/README.md).
#
# Usage:   BIN=$(bash scripts/ensure-pulumi-cli.sh [--no-path] [--rebuild])
#          PATH="$BIN:$PATH" pulumi version
#
# The LAST line on stdout is the absolute path of a directory holding `pulumi`,
# `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`; progress and errors go
# to stderr. Exit status is non-zero if the binaries cannot be provided.
#
# Order of preference:
#   1. `pulumi` and `pulumi-language-nodejs` already on PATH (skipped with --no-path or
#      PULUMI_TAVUS_IGNORE_PATH=1);
#   2. cached build in <repo>/.tools/pulumi-v3.248.0/bin (git-ignored);
#   3. cached build in ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tavus/pulumi-v3.248.0/bin
#      (shared by every clone on this machine);
#   4. build with `go build -mod=readonly -trimpath` from scripts/pulumi-cli (needs Go
#      >= 1.25.11 and the Go module proxy), then install into both caches.
# --rebuild skips 2 and 3. A cache only counts if its stamp matches the current sources
# (go.mod, go.sum, the language host and the plugin shim) and the OS/architecture.

# The whole script is one { ... } block so bash parses it completely before running it:
# editing or updating this file while a build is running cannot derail that build.
{
set -euo pipefail

PULUMI_VERSION=v3.248.0
MIN_GO=1.25.11
CLI_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
VERSION_VAR=github.com/pulumi/pulumi/sdk/v3/go/common/version.Version

say() { printf '[ensure-pulumi-cli] %s\n' "$*" >&2; }
die() {
    say "ERROR: $*"
    exit 1
}

use_path=1
rebuild=0
for arg in "$@"; do
    case "$arg" in
    --no-path) use_path=0 ;;
    --rebuild) rebuild=1 ;;
    -h | --help)
        sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 0
        ;;
    *) die "unknown argument '$arg' (see --help)" ;;
    esac
done
if [ "${PULUMI_TAVUS_IGNORE_PATH:-}" = 1 ]; then use_path=0; fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$script_dir/.." && pwd -P)
src="$script_dir/pulumi-cli"
repo_root="$repo/.tools/pulumi-$PULUMI_VERSION"
machine_root="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pulumi-tavus/pulumi-$PULUMI_VERSION"

have_all() { # DIR: does DIR hold all three executables?
    [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ]
}

# 1. Already on PATH?
if [ "$use_path" = 1 ] && command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    p=$(command -v pulumi)
    dir=$(cd "$(dirname "$p")" && pwd -P)
    v=$("$p" version 2>/dev/null || true)
    if [ "$v" != "$PULUMI_VERSION" ]; then
        say "warning: pulumi on PATH ($p) reports '${v:-?}', not $PULUMI_VERSION; using it anyway (--no-path builds $PULUMI_VERSION)"
    fi
    lh=$(command -v pulumi-language-nodejs)
    if [ "$(cd "$(dirname "$lh")" && pwd -P)" != "$dir" ]; then
        say "note: pulumi-language-nodejs comes from $(dirname "$lh"), not $dir; keep both on PATH"
    fi
    say "using pulumi ${v:-?} already on PATH: $dir"
    printf '%s\n' "$dir"
    exit 0
fi

# The stamp ties a cache to the exact sources and target platform it was built from.
sha() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}
platform=$(uname -s)-$(uname -m)
stamp=$(
    cd "$src"
    {
        echo "$PULUMI_VERSION $platform"
        cat go.mod go.sum tools.go pulumi-resource-pulumi-nodejs
        find pulumi-language-nodejs -type f -name '*.go' | LC_ALL=C sort | xargs cat
    } | sha
)

cache_ok() { # ROOT: is ROOT/bin a complete build matching the current stamp?
    have_all "$1/bin" && [ "$(cat "$1/stamp" 2>/dev/null || true)" = "$stamp" ] &&
        [ "$("$1/bin/pulumi" version 2>/dev/null || true)" = "$PULUMI_VERSION" ]
}

# Install directory $1 (a complete root with bin/ and stamp) as $2, atomically: copy next
# to the target, then rename; a stale target is renamed away first and then removed.
install_root() {
    local from=$1 to=$2 parent tmp old
    parent=$(dirname "$to")
    mkdir -p "$parent" || return 1
    tmp=$(mktemp -d "$parent/.install.XXXXXX") || return 1
    if ! cp -a "$from/." "$tmp/"; then
        rm -rf "$tmp"
        return 1
    fi
    if [ -e "$to" ]; then
        old="$parent/.old.$$.$RANDOM"
        mv "$to" "$old" && rm -rf "$old"
    fi
    mv "$tmp" "$to"
}

# 2./3. Cached builds.
if [ "$rebuild" = 0 ]; then
    for root in "$repo_root" "$machine_root"; do
        if cache_ok "$root"; then
            say "using cached pulumi $PULUMI_VERSION: $root/bin"
            printf '%s\n' "$root/bin"
            exit 0
        elif [ -e "$root" ]; then
            say "ignoring stale or incomplete cache at $root"
        fi
    done
fi

# 4. Build from Go modules.
if ! command -v go >/dev/null 2>&1; then
    die "Go is not installed (or not on PATH). Install Go >= $MIN_GO (e.g. under /usr/local/go and add /usr/local/go/bin to PATH), or put prebuilt 'pulumi' and 'pulumi-language-nodejs' on PATH."
fi
go_version=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$MIN_GO" "${go_version%%[!0-9.]*}" | sort -V | head -n1)" != "$MIN_GO" ]; then
    die "Go $go_version is too old: github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION needs Go >= $MIN_GO. Install a newer Go (toolchain downloads are disabled here)."
fi

mkdir -p "$repo/.tools"
# One build at a time per clone (a second caller waits, then finds the fresh cache).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$repo/.tools/.pulumi-build.lock"
    if ! flock -n 9; then
        say "another build is running; waiting for it to finish..."
        flock 9
        if [ "$rebuild" = 0 ] && cache_ok "$repo_root"; then
            say "using pulumi $PULUMI_VERSION built by the other process: $repo_root/bin"
            printf '%s\n' "$repo_root/bin"
            exit 0
        fi
    fi
fi

work=$(mktemp -d "$repo/.tools/.build.XXXXXX")
log="$work/build.log"
ticker=
cleanup() {
    if [ -n "$ticker" ]; then kill "$ticker" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/root/bin"

export GOTOOLCHAIN=local # never try to download a toolchain
export GOSUMDB=off       # the checksum database is unreachable; go.sum (committed) is verified instead
export GOFLAGS="${GOFLAGS:-} -mod=readonly"

started=$(date +%s)
elapsed() { echo $(($(date +%s) - started)); }

explain_failure() { # STEP
    say "$1 failed after $(elapsed)s. Last lines of the Go output:"
    tail -n 25 "$log" | sed 's/^/    /' >&2
    local mv
    if grep -Eq '403|not available|Forbidden' "$log"; then
        mv=$(grep -Eo '[a-zA-Z0-9._~/-]+@v[0-9][^: ]*' "$log" | head -n1 || true)
        say "the Go module proxy refused a module version${mv:+ ($mv)}; this build needs exactly the versions pinned in scripts/pulumi-cli/go.sum."
        say "check 'go env GOPROXY' and that the proxy serves ${mv:-that module version}."
    elif grep -Eq 'missing go.sum entry|updates to go.mod needed|go.mod file indicates|verifying .*checksum mismatch|SECURITY ERROR' "$log"; then
        say "scripts/pulumi-cli/go.mod and go.sum disagree with the downloaded modules; refresh them with:"
        say "    cd scripts/pulumi-cli && GOSUMDB=off GOFLAGS=-mod=mod go mod tidy"
    elif grep -Eq 'dial tcp|no such host|i/o timeout|connection refused|TLS handshake' "$log"; then
        say "the Go module proxy could not be reached (network). Check 'go env GOPROXY' and connectivity."
    elif grep -Eq 'requires go >=|toolchain' "$log"; then
        say "the Go toolchain is too old; install Go >= $MIN_GO."
    elif grep -Eq 'no space left' "$log"; then
        say "out of disk space (the build needs ~2 GB for modules and build cache, plus ~0.3 GB per installed copy)."
    fi
    exit 1
}

# Progress: go prints one line per package it compiles with -v; count them.
progress() { # LABEL TOTAL
    local label=$1 total=$2 n=0 last
    last=$(date +%s)
    while IFS= read -r line; do
        printf '%s\n' "$line" >>"$log"
        case "$line" in
        "#"* | *": "* | *"go: "*) continue ;;
        esac
        n=$((n + 1))
        if [ $(($(date +%s) - last)) -ge 10 ]; then
            last=$(date +%s)
            say "  $label: compiled $n${total:+ of at most $total} packages ($(elapsed)s)"
        fi
    done
    say "  $label: compiled $n packages ($(elapsed)s)"
}

cd "$src"
say "building pulumi $PULUMI_VERSION from Go modules (Go $go_version, $(nproc 2>/dev/null || echo '?') CPUs); this takes a few minutes the first time"
say "step 1/3: resolving and downloading modules pinned in scripts/pulumi-cli/go.sum"
# A heartbeat so long downloads never look stuck.
# (stdout is closed so that `BIN=$(...)` never waits on it; it sleeps in 1 s steps so it
# dies promptly when killed.)
(
    i=0
    while sleep 1; do
        i=$((i + 1))
        if [ $((i % 20)) = 0 ]; then say "  still working... $(elapsed)s"; fi
    done
) >/dev/null &
ticker=$!
if ! go list -deps "$CLI_PKG" ./pulumi-language-nodejs >"$work/deps" 2>"$log"; then
    explain_failure "module download (go list)"
fi
total=$(grep -c . "$work/deps" || true)
ndl=$(grep -c '^go: downloading' "$log" || true)
say "  $total packages (incl. standard library) in the build graph, $ndl module(s) downloaded ($(elapsed)s)"

ldflags="-s -w -X $VERSION_VAR=$PULUMI_VERSION"
say "step 2/3: compiling pulumi (the CLI; the longest step)"
set +e
go build -v -trimpath -ldflags "$ldflags" -o "$work/root/bin/pulumi" "$CLI_PKG" 2>&1 | progress pulumi "$total"
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || explain_failure "go build $CLI_PKG"

say "step 3/3: compiling pulumi-language-nodejs (scripts/pulumi-cli/pulumi-language-nodejs)"
set +e
go build -v -trimpath -ldflags "$ldflags" -o "$work/root/bin/pulumi-language-nodejs" ./pulumi-language-nodejs 2>&1 | progress pulumi-language-nodejs ""
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || explain_failure "go build ./pulumi-language-nodejs"
kill "$ticker" 2>/dev/null || true
ticker=

cp "$src/pulumi-resource-pulumi-nodejs" "$work/root/bin/"
chmod +x "$work/root/bin/"*
printf '%s\n' "$stamp" >"$work/root/stamp"

v=$("$work/root/bin/pulumi" version 2>&1 || true)
[ "$v" = "$PULUMI_VERSION" ] || die "the freshly built pulumi reports '$v', expected $PULUMI_VERSION"
"$work/root/bin/pulumi-language-nodejs" -version >/dev/null 2>&1 || die "the freshly built pulumi-language-nodejs does not run"

install_root "$work/root" "$repo_root" || die "could not install into $repo_root"
say "installed into $repo_root/bin"
if install_root "$work/root" "$machine_root" 2>/dev/null; then
    say "cached for other clones in $machine_root/bin"
else
    say "note: could not write the machine-wide cache $machine_root (continuing)"
fi
say "done in $(elapsed)s: $(du -sh "$repo_root/bin" 2>/dev/null | cut -f1) in $repo_root/bin"
printf '%s\n' "$repo_root/bin"
exit 0
}
