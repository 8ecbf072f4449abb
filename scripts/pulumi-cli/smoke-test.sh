#!/usr/bin/env bash
# smoke-test.sh [BIN] - prove that the Pulumi CLI from scripts/ensure-pulumi-cli.sh runs a
# Node.js program fully offline: stack init, up (one pulumi.dynamic.Resource, a config
# value and a secret), an idempotent second up, and destroy, against a local file
# backend in a temporary directory. Needs @pulumi/pulumi installed in the repository's
# node_modules (npm ci). Prints "N passed, N failed" at the end; exits non-zero on failure.
{
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
BIN=${1:-$(bash "$repo/scripts/ensure-pulumi-cli.sh")}
BIN=$(cd "$BIN" && pwd -P)
[ -d "$repo/node_modules/@pulumi/pulumi" ] || {
    echo "smoke-test: $repo/node_modules/@pulumi/pulumi is missing; run 'npm ci' first" >&2
    exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/state" "$tmp/proj"

export PULUMI_HOME="$tmp/home"
export PULUMI_BACKEND_URL="file://$tmp/state"
export PULUMI_CONFIG_PASSPHRASE=smoke
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
export PATH="$BIN:$PATH"

cd "$tmp/proj"
ln -s "$repo/node_modules" node_modules
cat >Pulumi.yaml <<'EOF'
name: smoke
runtime: nodejs
description: offline smoke test of the Pulumi CLI build
EOF
cat >package.json <<'EOF'
{ "name": "smoke", "main": "index.js", "dependencies": { "@pulumi/pulumi": "3.248.0" } }
EOF
cat >index.js <<'EOF'
const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const provider = {
    async create(inputs) {
        return { id: `thing-${inputs.name}`, outs: { ...inputs, greeting: `hello ${inputs.name}` } };
    },
    async diff(id, olds, news) {
        return { changes: olds.name !== news.name };
    },
    async delete() {},
};
class Thing extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
        super(provider, name, { greeting: undefined, ...args }, opts);
    }
}
const thing = new Thing("thing", { name: config.require("who") });
exports.greeting = thing.greeting;
exports.secretLength = config.requireSecret("token").apply((t) => t.length);
EOF

pass=0
fail=0
check() { # NAME COMMAND...
    local name=$1
    shift
    if out=$("$@" 2>&1); then
        pass=$((pass + 1))
        echo "ok   $name"
    else
        fail=$((fail + 1))
        echo "FAIL $name"
        printf '%s\n' "$out" | tail -n 30 | sed 's/^/     /'
    fi
}
expect_output() { # KEY VALUE
    [ "$(pulumi stack output "$1" --show-secrets)" = "$2" ]
}
no_ambient_warning() {
    ! grep -q 'from \$PATH' "$tmp/up.log"
}

check "pulumi version is v3.248.0" test "$(pulumi version)" = v3.248.0
check "stack init" pulumi stack init dev --non-interactive
check "config set" pulumi config set who world
check "config set --secret" pulumi config set --secret token s3cr3t
check "up" sh -c 'pulumi up --yes --non-interactive --skip-preview >"$0/up.log" 2>&1 || { cat "$0/up.log"; exit 1; }' "$tmp"
check "output from the dynamic resource" expect_output greeting "hello world"
check "output from a secret" expect_output secretLength 6
check "no ambient-plugin warning" no_ambient_warning
check "second up changes nothing" pulumi up --yes --non-interactive --expect-no-changes
check "destroy" pulumi destroy --yes --non-interactive
check "stack rm" pulumi stack rm dev --yes --non-interactive

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
exit
}
