#!/usr/bin/env bash
# ensure-sdks.sh - write the Go, Python and Node.js SDKs of the Tavus package from the
# plugin's schema, with Pulumi's own code generators (scripts/sdkgen, a Go program pinned
# at the CLI's release, v3.248.0), byte for byte what `pulumi package gen-sdk` writes
# (README "Go and Python SDKs"). gen-sdk asks a language host to generate; Pulumi's Go and
# Python hosts cannot be had here, so --hosts provides codegen-only ones.
#
# Usage:   bash scripts/ensure-sdks.sh [--generator|--hosts] [--schema FILE] [--out DIR] [--languages L]
#   (no flags)    writes sdk/go, sdk/python, sdk/nodejs from dist/provider/plugin/schema.json
#                 (run `npm run build` first; `npm run sdks` does both)
#   --schema F    another schema (the tests remove a field from a copy)
#   --out D       another folder to write <language>/ into (the tests compare it with sdk/)
#   --languages   comma-separated subset of go,python,nodejs
#   --generator   only provide the compiled generator
#   --hosts       only provide a folder holding pulumi-language-go and pulumi-language-python,
#                 the generator under those names: codegen-only hosts for `pulumi package
#                 gen-sdk`. Put it on PATH for gen-sdk only, never beside the CLI: they
#                 cannot run programs.
# The LAST line on stdout is the output folder (with --generator: the generator's path;
# with --hosts: the hosts' folder);
# progress and errors go to stderr. Exit status 2: Go is missing or too old.
#
# The compiled generator is cached like the CLI: <repo>/.tools/sdkgen-<stamp>/ and
# ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tavus/sdkgen-<stamp>/, where the stamp covers the
# module's sources and the platform. Building it needs Go >= 1.25.11 and the modules of
# scripts/sdkgen/go.sum (the CLI's build already downloaded them).
{
set -euo pipefail

say() { printf '[ensure-sdks] %s\n' "$*" >&2; }
die() {
    say "ERROR: $*"
    exit "${2:-1}"
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$script_dir/.." && pwd -P)
src="$script_dir/sdkgen"
schema="$repo/dist/provider/plugin/schema.json"
out="$repo/sdk"
languages=go,python,nodejs
generator_only=0
hosts_only=0
while [ $# -gt 0 ]; do
    case "$1" in
    --generator) generator_only=1 ;;
    --hosts) hosts_only=1 ;;
    --schema) schema=$2 && shift ;;
    --out) out=$2 && shift ;;
    --languages) languages=$2 && shift ;;
    -h | --help)
        sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 0
        ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

if [ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null 2>&1; then PATH="/usr/local/go/bin:$PATH"; fi
sha() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1; else shasum -a 256 | cut -d' ' -f1; fi
}
stamp=$(cd "$src" && cat go.mod go.sum ./*.go <(uname -sm) | sha | cut -c1-16)
repo_cache="$repo/.tools/sdkgen-$stamp"
machine_cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pulumi-tavus/sdkgen-$stamp"

generator=
for dir in "$repo_cache" "$machine_cache"; do
    if [ -x "$dir/sdkgen" ]; then
        generator="$dir/sdkgen"
        break
    fi
done
if [ -z "$generator" ]; then
    command -v go >/dev/null 2>&1 || die "Go is not installed (or not on PATH): install Go >= 1.25.11 to generate the SDKs." 2
    min=1.25.11
    have=$(go env GOVERSION | sed 's/^go//')
    [ "$(printf '%s\n%s\n' "$min" "${have%%[!0-9.]*}" | sort -V | head -n1)" = "$min" ] ||
        die "Go $have is too old: the SDK generator needs Go >= $min." 2
    started=$(date +%s)
    say "building the SDK generator (scripts/sdkgen, pulumi v3.248.0 codegen; about a minute the first time)"
    mkdir -p "$repo/.tools"
    tmp=$(mktemp -d "$repo/.tools/.sdkgen-build.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    # Same settings as the CLI's build: local toolchain, go.sum verified, -trimpath (shares its build cache).
    if ! (cd "$src" && GOTOOLCHAIN=local GOSUMDB=off GOFLAGS=-mod=readonly go build -trimpath -o "$tmp/sdkgen" .) >"$tmp/log" 2>&1; then
        tail -n 20 "$tmp/log" | sed 's/^/    /' >&2
        die "go build in scripts/sdkgen failed (the modules pinned in scripts/sdkgen/go.sum must be in the module cache or served by the module proxy)"
    fi
    for dir in "$repo_cache" "$machine_cache"; do
        # Each copy lands by an atomic rename, so a concurrent run sees all or nothing.
        if mkdir -p "$dir" 2>/dev/null && cp "$tmp/sdkgen" "$dir/.sdkgen.$$" && mv -f "$dir/.sdkgen.$$" "$dir/sdkgen"; then
            generator="$dir/sdkgen"
        else
            say "note: could not cache the generator in $dir"
        fi
    done
    [ -n "$generator" ] || die "could not install the generator in $repo_cache"
    say "built the SDK generator in $(($(date +%s) - started))s: $generator"
fi

if [ "$generator_only" = 1 ]; then
    printf '%s\n' "$generator"
    exit 0
fi
if [ "$hosts_only" = 1 ]; then
    # Links, not copies: the program serves as a host when started under a host's name.
    hosts="$(dirname "$generator")/hosts"
    mkdir -p "$hosts"
    for name in pulumi-language-go pulumi-language-python; do
        # Each link lands by an atomic rename, so a concurrent gen-sdk never misses it.
        [ -x "$hosts/$name" ] || { ln -s ../sdkgen "$hosts/.$name.$$" && mv -f "$hosts/.$name.$$" "$hosts/$name"; }
    done
    printf '%s\n' "$hosts"
    exit 0
fi
[ -f "$schema" ] || die "no schema at $schema: run 'npm run build' first (it writes dist/provider/plugin/schema.json)"
"$generator" -schema "$schema" -out "$out" -languages "$languages" >&2
printf '%s\n' "$out"
}
