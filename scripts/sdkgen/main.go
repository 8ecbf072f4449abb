// Command sdkgen writes the Go, Python and Node.js SDKs of the Tavus package from the
// plugin's schema (dist/provider/plugin/schema.json), with Pulumi's own code generators:
// the ones `pulumi package gen-sdk` would reach through a language host, which this
// machine kind cannot obtain (scripts/ensure-sdks.sh, README "Go and Python SDKs").
//
// Usage: sdkgen -schema <schema.json> -out <folder> [-languages go,python,nodejs]
//
// Each language's folder under -out (go, python, nodejs) is replaced whole, so a
// file the generator no longer writes does not linger. Output depends on the schema only.
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

// tool names the generator in the "do not edit" header of every file.
const tool = "pulumi-tavus sdkgen"

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

// generators: each language's folder under -out and how its files are made.
var generators = map[string]struct {
	dir string
	gen func(*schema.Package) (map[string][]byte, error)
}{
	// Go: go.mod (module pulumi-tavus/sdk/go) and the package under tavus/.
	"go": {"go", func(p *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, p, nil)
	}},
	"python": {"python", func(p *schema.Package) (map[string][]byte, error) {
		return python.GeneratePackage(tool, p, nil, noLoader{})
	}},
	"nodejs": {"nodejs", func(p *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, p, nil, nil, false, noLoader{})
	}},
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
		g, ok := generators[lang]
		if !ok {
			return fmt.Errorf("unknown language %q (go, python, nodejs)", lang)
		}
		pkg, err := bind(*schemaPath)
		if err != nil {
			return err
		}
		files, err := g.gen(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		dir := filepath.Join(*out, filepath.FromSlash(g.dir))
		if err := write(dir, files); err != nil {
			return err
		}
		fmt.Printf("%s: %d files\n", dir, len(files))
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}
