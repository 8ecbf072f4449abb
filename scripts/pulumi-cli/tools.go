//go:build tools

// Package tools records the main packages this module exists to build, so that
// `go mod tidy` keeps their whole dependency graph in go.mod/go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
