//go:build tools

// Package tools records the main package this module exists to build, so that
// `go mod tidy` keeps its whole dependency graph in go.mod/go.sum.
package tools

import (
	_ "github.com/johannesboyne/gofakes3/cmd/gofakes3"
)
