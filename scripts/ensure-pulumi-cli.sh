#!/usr/bin/env bash
# ensure-pulumi-cli.sh - provide a working Pulumi CLI (v3.248.0) plus a Node.js language
# host on a machine that has no access to Pulumi's binary downloads, by building them
# from Go modules (see scripts/pulumi-cli/README.md).
#
# Usage:   BIN=$(bash scripts/ensure-pulumi-cli.sh [--no-path] [--rebuild] [--with-yaml])
#          PATH="$BIN:$PATH" pulumi version
#
# The LAST line on stdout is the absolute path of a directory holding `pulumi`,
# `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`; progress and errors go
# to stderr. Exit status is non-zero if the binaries cannot be provided.
#
# --with-yaml (or PULUMI_TAVUS_WITH_YAML=1) also provides `pulumi-language-yaml` v1.25.0,
# the language host of Pulumi YAML programs, in that same folder (where the CLI counts it
# as bundled), built from scripts/pulumi-yaml on first use. It has a stamp of its own
# (yaml-stamp beside stamp), so a cached CLI without it is extended, never rebuilt. Exit
# status 3: the CLI is provided (its folder is still the last stdout line) but the YAML
# host is not, so Node programs still run.
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
# With --with-yaml, 1 only counts if `pulumi-language-yaml` is on PATH too.

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
with_yaml=0
for arg in "$@"; do
    case "$arg" in
    --no-path) use_path=0 ;;
    --rebuild) rebuild=1 ;;
    --with-yaml) with_yaml=1 ;;
    -h | --help)
        sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 0
        ;;
    *) die "unknown argument '$arg' (see --help)" ;;
    esac
done
if [ "${PULUMI_TAVUS_IGNORE_PATH:-}" = 1 ]; then use_path=0; fi
if [ "${PULUMI_TAVUS_WITH_YAML:-}" = 1 ]; then with_yaml=1; fi

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$script_dir/.." && pwd -P)
src="$script_dir/pulumi-cli"
repo_root="$repo/.tools/pulumi-$PULUMI_VERSION"
machine_root="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pulumi-tavus/pulumi-$PULUMI_VERSION"

have_all() { # DIR: does DIR hold all three executables?
    [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ]
}

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

# --- Building from Go modules: shared by the CLI and the YAML host ---

export GOTOOLCHAIN=local # never try to download a toolchain
export GOSUMDB=off       # the checksum database is unreachable; go.sum (committed) is verified instead
export GOFLAGS="${GOFLAGS:-} -mod=readonly"

started=$(date +%s)
elapsed() { echo $(($(date +%s) - started)); }
log=/dev/null # each build points it at its own log
work=
ticker=
cleanup() {
    if [ -n "$ticker" ]; then kill "$ticker" 2>/dev/null || true; fi
    ticker=
    if [ -n "$work" ]; then rm -rf "$work"; fi
}

need_go() { # MIN WHAT: die unless a Go >= MIN is installed; sets go_version
    if ! command -v go >/dev/null 2>&1; then
        die "Go is not installed (or not on PATH). Install Go >= $1 (e.g. under /usr/local/go and add /usr/local/go/bin to PATH), or put prebuilt 'pulumi' and 'pulumi-language-nodejs' on PATH."
    fi
    go_version=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
    if [ "$(printf '%s\n%s\n' "$1" "${go_version%%[!0-9.]*}" | sort -V | head -n1)" != "$1" ]; then
        die "Go $go_version is too old: $2 needs Go >= $1. Install a newer Go (toolchain downloads are disabled here)."
    fi
}

explain_failure() { # STEP MODULE_DIR
    local mod=$2
    say "$1 failed after $(elapsed)s. Last lines of the Go output:"
    tail -n 25 "$log" | sed 's/^/    /' >&2
    local mv
    if grep -Eq '403|not available|Forbidden' "$log"; then
        mv=$(grep -Eo '[a-zA-Z0-9._~/-]+@v[0-9][^: ]*' "$log" | head -n1 || true)
        say "the Go module proxy refused a module version${mv:+ ($mv)}; this build needs exactly the versions pinned in $mod/go.sum."
        say "check 'go env GOPROXY' and that the proxy serves ${mv:-that module version}."
    elif grep -Eq 'missing go.sum entry|updates to go.mod needed|go.mod file indicates|verifying .*checksum mismatch|SECURITY ERROR' "$log"; then
        say "$mod/go.mod and go.sum disagree with the downloaded modules; refresh them with:"
        say "    cd $mod && GOSUMDB=off GOFLAGS=-mod=mod go mod tidy"
    elif grep -Eq 'dial tcp|no such host|i/o timeout|connection refused|TLS handshake' "$log"; then
        say "the Go module proxy could not be reached (network). Check 'go env GOPROXY' and connectivity."
    elif grep -Eq 'requires go >=|toolchain' "$log"; then
        say "the Go toolchain is too old; install a newer Go."
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

# A heartbeat so long downloads never look stuck.
# (stdout is closed so that `BIN=$(...)` never waits on it; it sleeps in 1 s steps so it
# dies promptly when killed.)
start_ticker() {
    (
        i=0
        while sleep 1; do
            i=$((i + 1))
            if [ $((i % 20)) = 0 ]; then say "  still working... $(elapsed)s"; fi
        done
    ) >/dev/null &
    ticker=$!
}

# --- The YAML language host (--with-yaml): scripts/pulumi-cli/README.md, "The YAML language host" ---
# It has no tie to the CLI's sources, so it has a stamp of its own and is added to a
# cached CLI folder in place (atomic renames) instead of rebuilding that folder.

YAML_VERSION=v1.25.0
YAML_PKG=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
YAML_VERSION_VAR=github.com/pulumi/pulumi-yaml/pkg/version.Version
yaml_src="$script_dir/pulumi-yaml"
yaml_ldflags="-s -w -X $YAML_VERSION_VAR=$YAML_VERSION"
yaml_stamp= # computed only when asked for, so a plain run costs nothing more

yaml_ok() { # ROOT: does ROOT/bin hold a YAML host built from the current sources?
    [ -x "$1/bin/pulumi-language-yaml" ] && [ "$(cat "$1/yaml-stamp" 2>/dev/null || true)" = "$yaml_stamp" ]
}

yaml_host_serves() { # EXE: does EXE start and print the port of its gRPC server?
    local out="$work/port" pid i
    "$1" >"$out" 2>&1 &
    pid=$!
    for i in $(seq 50); do
        if grep -Eq '^[0-9]+$' "$out"; then break; fi
        sleep 0.2
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    grep -Eq '^[0-9]+$' "$out"
}

build_yaml() { # OUT: compile the YAML host into OUT/pulumi-language-yaml (run in a subshell with set -e)
    local min total ndl
    min=$(sed -n 's/^go //p' "$yaml_src/go.mod")
    need_go "$min" "github.com/pulumi/pulumi-yaml@$YAML_VERSION"
    work=$(mktemp -d "$repo/.tools/.yaml-build.XXXXXX")
    log="$work/build.log"
    trap cleanup EXIT
    started=$(date +%s)
    cd "$yaml_src"
    say "building pulumi-language-yaml $YAML_VERSION from Go modules (Go $go_version, $(nproc 2>/dev/null || echo '?') CPUs); about 3 minutes the first time"
    say "yaml step 1/2: resolving and downloading modules pinned in scripts/pulumi-yaml/go.sum"
    start_ticker
    if ! go list -deps "$YAML_PKG" >"$work/deps" 2>"$log"; then
        explain_failure "module download (go list)" scripts/pulumi-yaml
    fi
    total=$(grep -c . "$work/deps" || true)
    ndl=$(grep -c '^go: downloading' "$log" || true)
    say "  $total packages (incl. standard library) in the build graph, $ndl module(s) downloaded ($(elapsed)s)"
    say "yaml step 2/2: compiling pulumi-language-yaml"
    set +e
    go build -v -trimpath -ldflags "$yaml_ldflags" -o "$work/pulumi-language-yaml" "$YAML_PKG" 2>&1 | progress pulumi-language-yaml "$total"
    local status=${PIPESTATUS[0]}
    set -e
    [ "$status" = 0 ] || explain_failure "go build $YAML_PKG" scripts/pulumi-yaml
    yaml_host_serves "$work/pulumi-language-yaml" || die "the freshly built pulumi-language-yaml does not start"
    cp "$work/pulumi-language-yaml" "$1/"
    say "built pulumi-language-yaml in $(elapsed)s ($(du -sh "$1/pulumi-language-yaml" | cut -f1))"
}

install_yaml() { # EXE ROOT: add EXE to ROOT/bin, then ROOT/yaml-stamp, each by an atomic rename
    local tmp="$2/bin/.pulumi-language-yaml.$$"
    cp "$1" "$tmp" && chmod +x "$tmp" && mv -f "$tmp" "$2/bin/pulumi-language-yaml" &&
        printf '%s\n' "$yaml_stamp" >"$2/.yaml-stamp.$$" && mv -f "$2/.yaml-stamp.$$" "$2/yaml-stamp"
}

provide_yaml() { # BIN: make BIN (a cache root's bin/) hold a current YAML host; never exits
    local root from= built= r status
    root=$(dirname "$1")
    if yaml_ok "$root"; then
        say "using cached pulumi-language-yaml $YAML_VERSION: $1"
        return 0
    fi
    mkdir -p "$repo/.tools"
    # One build at a time per clone (a second caller waits, then finds it installed).
    if command -v flock >/dev/null 2>&1; then
        exec 8>"$repo/.tools/.pulumi-yaml-build.lock"
        if ! flock -n 8; then
            say "another build of pulumi-language-yaml is running; waiting for it to finish..."
            flock 8
        fi
        if yaml_ok "$root"; then return 0; fi
    fi
    for r in "$repo_root" "$machine_root"; do
        if yaml_ok "$r"; then
            from="$r/bin/pulumi-language-yaml"
            say "copying pulumi-language-yaml $YAML_VERSION from $r/bin"
            break
        fi
    done
    if [ -z "$from" ]; then
        built=$(mktemp -d "$repo/.tools/.yaml-out.XXXXXX")
        set +e
        (
            set -e
            build_yaml "$built"
        )
        status=$?
        set -e
        if [ "$status" != 0 ]; then
            rm -rf "$built"
            return 0
        fi
        from="$built/pulumi-language-yaml"
    fi
    # Both caches get it, as they get the CLI; a cache without a current CLI is left alone.
    for r in "$repo_root" "$machine_root"; do
        if [ "$r/bin" = "$1" ] || cache_ok "$r"; then
            if ! yaml_ok "$r"; then
                if install_yaml "$from" "$r"; then say "added pulumi-language-yaml to $r/bin"; else say "note: could not add pulumi-language-yaml to $r/bin"; fi
            fi
        fi
    done
    if [ -n "$built" ]; then rm -rf "$built"; fi
}

finish() { # BIN: print BIN, after providing the YAML host in it if asked, and exit
    if [ "$with_yaml" = 1 ]; then
        yaml_stamp=$(
            cd "$yaml_src"
            {
                echo "$YAML_VERSION $platform $yaml_ldflags"
                cat go.mod go.sum tools.go
            } | sha
        )
        provide_yaml "$1"
        if ! yaml_ok "$(dirname "$1")"; then
            say "ERROR: pulumi-language-yaml could not be provided; $1 still runs Node.js programs (exit status 3)"
            printf '%s\n' "$1"
            exit 3
        fi
    fi
    printf '%s\n' "$1"
    exit 0
}

# 1. Already on PATH? (With --with-yaml, only if the YAML host is on PATH too.)
if [ "$use_path" = 1 ] && command -v pulumi >/dev/null 2>&1 && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    p=$(command -v pulumi)
    dir=$(cd "$(dirname "$p")" && pwd -P)
    if [ "$with_yaml" = 1 ] && ! command -v pulumi-language-yaml >/dev/null 2>&1; then
        say "note: pulumi on PATH ($dir) has no pulumi-language-yaml; using a cached or built $PULUMI_VERSION instead"
    else
        v=$("$p" version 2>/dev/null || true)
        if [ "$v" != "$PULUMI_VERSION" ]; then
            say "warning: pulumi on PATH ($p) reports '${v:-?}', not $PULUMI_VERSION; using it anyway (--no-path builds $PULUMI_VERSION)"
        fi
        for host in pulumi-language-nodejs pulumi-language-yaml; do
            lh=$(command -v "$host" || true)
            if [ -n "$lh" ] && [ "$(cd "$(dirname "$lh")" && pwd -P)" != "$dir" ]; then
                say "note: $host comes from $(dirname "$lh"), not $dir; keep both on PATH"
            fi
        done
        say "using pulumi ${v:-?} already on PATH: $dir"
        printf '%s\n' "$dir"
        exit 0
    fi
fi

# 2./3. Cached builds.
if [ "$rebuild" = 0 ]; then
    for root in "$repo_root" "$machine_root"; do
        if cache_ok "$root"; then
            say "using cached pulumi $PULUMI_VERSION: $root/bin"
            finish "$root/bin"
        elif [ -e "$root" ]; then
            say "ignoring stale or incomplete cache at $root"
        fi
    done
fi

# 4. Build from Go modules.
need_go "$MIN_GO" "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION"

mkdir -p "$repo/.tools"
# One build at a time per clone (a second caller waits, then finds the fresh cache).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$repo/.tools/.pulumi-build.lock"
    if ! flock -n 9; then
        say "another build is running; waiting for it to finish..."
        flock 9
        if [ "$rebuild" = 0 ] && cache_ok "$repo_root"; then
            say "using pulumi $PULUMI_VERSION built by the other process: $repo_root/bin"
            finish "$repo_root/bin"
        fi
    fi
fi

work=$(mktemp -d "$repo/.tools/.build.XXXXXX")
log="$work/build.log"
trap cleanup EXIT
mkdir -p "$work/root/bin"
started=$(date +%s)

cd "$src"
say "building pulumi $PULUMI_VERSION from Go modules (Go $go_version, $(nproc 2>/dev/null || echo '?') CPUs); this takes a few minutes the first time"
say "step 1/3: resolving and downloading modules pinned in scripts/pulumi-cli/go.sum"
start_ticker
if ! go list -deps "$CLI_PKG" ./pulumi-language-nodejs >"$work/deps" 2>"$log"; then
    explain_failure "module download (go list)" scripts/pulumi-cli
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
[ "$status" = 0 ] || explain_failure "go build $CLI_PKG" scripts/pulumi-cli

say "step 3/3: compiling pulumi-language-nodejs (scripts/pulumi-cli/pulumi-language-nodejs)"
set +e
go build -v -trimpath -ldflags "$ldflags" -o "$work/root/bin/pulumi-language-nodejs" ./pulumi-language-nodejs 2>&1 | progress pulumi-language-nodejs ""
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || explain_failure "go build ./pulumi-language-nodejs" scripts/pulumi-cli
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
cleanup
trap - EXIT
finish "$repo_root/bin"
}
