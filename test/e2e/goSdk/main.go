// Command goSdk runs examples/go-account's program (account.Program) as a Pulumi
// Automation API inline program, for test/e2e/goSdk.e2e.test.ts: the program hosts
// its own Go language runtime and hands the CLI its address, so no Go language host
// (pulumi-language-go, which this machine kind cannot obtain) is needed.
//
// Usage: goSdk <project folder> up|preview|refresh|destroy [--refresh] [--expect-no-changes] [--diff]
//
// The folder holds the example's Pulumi.yaml (its plugin folder) and a selected stack,
// made with the CLI (`stack init`, `config set`); the environment is the CLI's (PATH to
// `pulumi`, backend, passphrase). It prints the CLI's output and exits 1 when the
// operation fails, as `pulumi <op>` would.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"tavus-go-account-example/account"
)

func run(dir, op string, flags []string) (string, error) {
	has := func(flag string) bool {
		for _, f := range flags {
			if f == flag {
				return true
			}
		}
		return false
	}
	ctx := context.Background()
	ws, err := auto.NewLocalWorkspace(ctx, auto.WorkDir(dir), auto.Program(account.Program))
	if err != nil {
		return "", err
	}
	summary, err := ws.Stack(ctx)
	if err != nil {
		return "", err
	}
	if summary == nil {
		return "", fmt.Errorf("no stack selected in %s (pulumi stack init first)", dir)
	}
	stack, err := auto.SelectStack(ctx, summary.Name, ws)
	if err != nil {
		return "", err
	}
	switch op {
	case "up":
		opts := []optup.Option{}
		if has("--refresh") {
			opts = append(opts, optup.Refresh())
		}
		res, err := stack.Up(ctx, opts...)
		return res.StdOut, err
	case "preview":
		opts := []optpreview.Option{}
		if has("--refresh") {
			opts = append(opts, optpreview.Refresh())
		}
		if has("--expect-no-changes") {
			opts = append(opts, optpreview.ExpectNoChanges())
		}
		if has("--diff") {
			opts = append(opts, optpreview.Diff())
		}
		res, err := stack.Preview(ctx, opts...)
		return res.StdOut, err
	case "refresh":
		opts := []optrefresh.Option{}
		if has("--expect-no-changes") {
			opts = append(opts, optrefresh.ExpectNoChanges())
		}
		res, err := stack.Refresh(ctx, opts...)
		return res.StdOut, err
	case "destroy":
		res, err := stack.Destroy(ctx, optdestroy.Remove())
		return res.StdOut, err
	}
	return "", fmt.Errorf("unknown operation %q (up, preview, refresh, destroy)", op)
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: goSdk <project folder> up|preview|refresh|destroy [flags]")
		os.Exit(2)
	}
	out, err := run(os.Args[1], os.Args[2], os.Args[3:])
	fmt.Print(out)
	if err != nil {
		// An Automation API error carries the CLI's own stdout and stderr.
		fmt.Println(err.Error())
		os.Exit(1)
	}
}
