// Command sdkgen writes the Go, Python and Node.js SDKs of the Tavus package from the
// plugin's schema (dist/provider/plugin/schema.json), with Pulumi's own code generators,
// exactly as `pulumi package gen-sdk` writes them through a language host
// (scripts/ensure-sdks.sh, README "Go and Python SDKs").
//
// Usage: sdkgen -schema <schema.json> -out <folder> [-languages go,python,nodejs]
//
// Each language's folder under -out (go, python, nodejs) is replaced whole, so a
// file the generator no longer writes does not linger. Output depends on the schema only.
//
// Started under the name pulumi-language-go or pulumi-language-python (links that
// scripts/ensure-sdks.sh --hosts makes), the same program is a codegen-only language
// host for `pulumi package gen-sdk` (langhost.go).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in the "do not edit" header of every file: the language host
// that `pulumi package gen-sdk --language <lang>` runs, so sdk/ is what gen-sdk writes
// (test/e2e/genSdk.e2e.test.ts; the Node.js host is scripts/pulumi-cli's).
func tool(language string) string { return "pulumi-language-" + language }

// noLoader is the reference loader binding needs: our schema refers to no other package,
// so any request is an error (a nil loader panics while binding).
type noLoader struct{}

func (noLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the Tavus schema refers to package %q, which sdkgen does not load", name)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the Tavus schema refers to package %q, which sdkgen does not load", d.Name)
}

func (noLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the Tavus schema refers to package %q, which sdkgen does not load", name)
}

func (noLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the Tavus schema refers to package %q, which sdkgen does not load", d.Name)
}

// bind reads and binds the schema afresh: each generator records its language facts in
// the bound package, so every language gets its own.
func bind(path string) (*schema.Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s does not bind: %s", path, diags.Error())
	}
	return pkg, nil
}

// generators: how each language's files are made (written under -out/<language>), from
// the bound package, the loader it was bound with and any overlay files.
var generators = map[string]func(*schema.Package, schema.ReferenceLoader, map[string][]byte) (map[string][]byte, error){
	// Go: go.mod (module pulumi-tavus/sdk/go) and the package under tavus/. Its generator
	// takes no overlay files, so they are added to its output.
	"go": func(p *schema.Package, _ schema.ReferenceLoader, extra map[string][]byte) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage(tool("go"), p, nil)
		if err != nil {
			return nil, err
		}
		for name, data := range extra {
			files[name] = data
		}
		return files, nil
	},
	"python": func(p *schema.Package, l schema.ReferenceLoader, extra map[string][]byte) (map[string][]byte, error) {
		return python.GeneratePackage(tool("python"), p, extra, l)
	},
	"nodejs": func(p *schema.Package, l schema.ReferenceLoader, extra map[string][]byte) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool("nodejs"), p, extra, nil, false, l)
	},
}

// write replaces dir with exactly files (written next to it first, then renamed).
func write(dir string, files map[string][]byte) error {
	tmp := dir + ".sdkgen-tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

func run() error {
	schemaPath := flag.String("schema", "", "the package schema (schema.json)")
	out := flag.String("out", "", "the folder to write <language>/… under (the repo's sdk/)")
	languages := flag.String("languages", "go,python,nodejs", "comma-separated: go, python, nodejs")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		return errors.New("both -schema and -out are required")
	}
	for _, lang := range strings.Split(*languages, ",") {
		gen, ok := generators[lang]
		if !ok {
			return fmt.Errorf("unknown language %q (go, python, nodejs)", lang)
		}
		pkg, err := bind(*schemaPath)
		if err != nil {
			return err
		}
		files, err := gen(pkg, noLoader{}, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		dir := filepath.Join(*out, lang)
		if err := write(dir, files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files\n", dir, len(files))
	}
	return nil
}

func main() {
	if language, ok := hostLanguages[filepath.Base(os.Args[0])]; ok {
		serveHost(language)
		return
	}
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}
