// Command pulumi-language-nodejs is a small, self-contained Node.js language host for
// the Pulumi CLI, written for this project because the upstream host
// (module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which has
// no tags and is only reachable through pseudo-versions) is not obtainable from the Go
// module proxy available to this project. See ../README.md.
//
// It speaks the LanguageRuntime gRPC protocol of github.com/pulumi/pulumi/sdk/v3
// v3.248.0 and runs programs through the entry point that ships inside the npm package
// @pulumi/pulumi (`@pulumi/pulumi/cmd/run`), which does the real work: connecting to the
// engine's resource monitor, TypeScript via ts-node, dynamic providers, and so on.
//
// What it implements: Handshake, GetPluginInfo, GetRequiredPlugins/GetRequiredPackages
// (resource plugins declared by installed npm packages through their package.json
// "pulumi" field), Run, InstallDependencies, GetProgramDependencies, About,
// RuntimeOptionsPrompts, Cancel and GeneratePackage (generate.go: `pulumi package gen-sdk
// --language nodejs`). Program generation (GenerateProgram/Project), Pack, Link, Template
// and RunPlugin answer Unimplemented: `pulumi convert`, `pulumi package add` and
// Node.js-source plugins are not supported by this host.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	"github.com/pulumi/pulumi/sdk/v3/nodejs/npm"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// nodeUserActionableExitCode is the exit code @pulumi/pulumi/cmd/run uses after it has
// already reported a user-actionable error through the engine; the engine must then
// "bail" without printing another error.
const nodeUserActionableExitCode = 32

func main() {
	// The engine launches language plugins as
	//   pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS
	// The logging flags may already be registered by an imported logging package.
	if flag.Lookup("logtostderr") == nil {
		flag.Bool("logtostderr", false, "log to stderr (accepted for compatibility)")
	}
	if flag.Lookup("v") == nil {
		flag.Int("v", 0, "log verbosity (accepted for compatibility)")
	}
	tracing := flag.String("tracing", "", "emit tracing to a Zipkin-compatible endpoint (passed on to Node.js)")
	flag.String("root", "", "project root (accepted for compatibility)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Println(hostVersion())
		return
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	engineAddress := ""
	if flag.NArg() > 0 {
		engineAddress = flag.Arg(0)
		// Exit when the engine goes away, so no host process is ever left behind.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			fatalf("could not start health check against the engine at %s: %v", engineAddress, err)
		}
	}

	h := &host{engineAddress: engineAddress, tracing: *tracing, running: map[*exec.Cmd]struct{}{}}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sigs:
			h.killAll()
			cancel()
		case <-ctx.Done():
		}
	}()

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Cancel: cancelChannel(ctx),
	})
	if err != nil {
		fatalf("could not start the language host RPC server: %v", err)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fatalf("language host RPC server stopped: %v", err)
	}
	h.killAll()
}

func cancelChannel(ctx context.Context) chan bool {
	c := make(chan bool)
	go func() {
		<-ctx.Done()
		close(c)
	}()
	return c
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}

func hostVersion() string {
	v := strings.TrimPrefix(version.Version, "v")
	if v == "" {
		return "3.248.0"
	}
	return v
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
	tracing       string

	mu      sync.Mutex
	running map[*exec.Cmd]struct{}
}

func (h *host) track(cmd *exec.Cmd, on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if on {
		h.running[cmd] = struct{}{}
	} else {
		delete(h.running, cmd)
	}
}

func (h *host) killAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.running {
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
	}
}

// programSpec is what the engine tells us about the program, with defaults applied.
type programSpec struct {
	rootDir    string
	programDir string
	entryPoint string
	options    map[string]any
}

func specFrom(info *pulumirpc.ProgramInfo, fallbackDir, fallbackEntry string) programSpec {
	s := programSpec{programDir: fallbackDir, rootDir: fallbackDir, entryPoint: fallbackEntry, options: map[string]any{}}
	if info != nil {
		if info.GetProgramDirectory() != "" {
			s.programDir = info.GetProgramDirectory()
		}
		if info.GetRootDirectory() != "" {
			s.rootDir = info.GetRootDirectory()
		} else {
			s.rootDir = s.programDir
		}
		if info.GetEntryPoint() != "" {
			s.entryPoint = info.GetEntryPoint()
		}
		if info.GetOptions() != nil {
			s.options = info.GetOptions().AsMap()
		}
	}
	if s.programDir == "" {
		s.programDir, _ = os.Getwd()
	}
	if s.rootDir == "" {
		s.rootDir = s.programDir
	}
	if s.entryPoint == "" {
		s.entryPoint = "."
	}
	return s
}

func (s programSpec) boolOption(name string, def bool) bool {
	if v, ok := s.options[name].(bool); ok {
		return v
	}
	return def
}

func (s programSpec) stringOption(name string) string {
	if v, ok := s.options[name].(string); ok {
		return v
	}
	return ""
}

func (h *host) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(ctx context.Context, _ *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: hostVersion()}, nil
}

func (h *host) Cancel(ctx context.Context, _ *pbempty.Empty) (*pbempty.Empty, error) {
	h.killAll()
	return &pbempty.Empty{}, nil
}

func (h *host) RuntimeOptionsPrompts(ctx context.Context, req *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// GetRequiredPlugins reports resource plugins that installed npm packages declare through
// the "pulumi" field of their package.json ({"resource": true, "name", "version", "server"}).
func (h *host) GetRequiredPlugins(ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	s := specFrom(req.GetInfo(), req.GetPwd(), req.GetProgram())
	deps, err := pluginDependencies(s.programDir)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: deps}, nil
}

func (h *host) GetRequiredPackages(ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	s := specFrom(req.GetInfo(), "", ".")
	deps, err := pluginDependencies(s.programDir)
	if err != nil {
		return nil, err
	}
	pkgs := make([]*pulumirpc.PackageDependency, 0, len(deps))
	for _, d := range deps {
		pkgs = append(pkgs, &pulumirpc.PackageDependency{
			Name: d.GetName(), Kind: d.GetKind(), Version: d.GetVersion(), Server: d.GetServer(),
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: pkgs}, nil
}

type pulumiPackageField struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

type packageJSON struct {
	Name                 string              `json:"name"`
	Version              string              `json:"version"`
	Dependencies         map[string]string   `json:"dependencies"`
	DevDependencies      map[string]string   `json:"devDependencies"`
	OptionalDependencies map[string]string   `json:"optionalDependencies"`
	Pulumi               *pulumiPackageField `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return &p, nil
}

// findInstalledPackage finds node_modules/<name>/package.json walking up from dir, the way
// Node's resolver would for a bare specifier.
func findInstalledPackage(dir, name string) (string, *packageJSON) {
	for d := dir; ; {
		p := filepath.Join(d, "node_modules", filepath.FromSlash(name), "package.json")
		if pkg, err := readPackageJSON(p); err == nil {
			return p, pkg
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", nil
		}
		d = parent
	}
}

// directDependencies returns the dependency names of the package.json governing dir.
func directDependencies(dir string) (map[string]string, error) {
	manifest, err := npm.SearchupPackageManifest(dir)
	if err != nil || manifest == "" || filepath.Base(manifest) != "package.json" {
		return map[string]string{}, nil //nolint:nilerr // no manifest: no dependencies
	}
	pkg, err := readPackageJSON(manifest)
	if err != nil {
		return nil, err
	}
	all := map[string]string{}
	for _, m := range []map[string]string{pkg.OptionalDependencies, pkg.DevDependencies, pkg.Dependencies} {
		for k, v := range m {
			all[k] = v
		}
	}
	return all, nil
}

func pluginDependencies(programDir string) ([]*pulumirpc.PluginDependency, error) {
	deps, err := directDependencies(programDir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(deps))
	for n := range deps {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*pulumirpc.PluginDependency
	seen := map[string]bool{}
	for _, n := range names {
		_, pkg := findInstalledPackage(programDir, n)
		if pkg == nil || pkg.Pulumi == nil || !pkg.Pulumi.Resource {
			continue
		}
		name := pkg.Pulumi.Name
		if name == "" {
			name = strings.TrimPrefix(strings.TrimPrefix(n, "@pulumi/"), "@")
		}
		v := pkg.Pulumi.Version
		if v == "" {
			v = pkg.Version
		}
		if v != "" && !strings.HasPrefix(v, "v") {
			v = "v" + v
		}
		key := name + "@" + v
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, &pulumirpc.PluginDependency{
			Name: name, Kind: "resource", Version: v, Server: pkg.Pulumi.Server,
		})
	}
	return out, nil
}

func (h *host) GetProgramDependencies(ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	s := specFrom(req.GetInfo(), req.GetPwd(), req.GetProgram())
	deps, err := directDependencies(s.programDir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(deps))
	for n := range deps {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*pulumirpc.DependencyInfo, 0, len(names))
	for _, n := range names {
		v := deps[n]
		if _, pkg := findInstalledPackage(s.programDir, n); pkg != nil && pkg.Version != "" {
			v = pkg.Version
		}
		out = append(out, &pulumirpc.DependencyInfo{Name: n, Version: v})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: out}, nil
}

func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errors.New("could not find 'node' on PATH: install Node.js")
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running 'node --version': %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: node,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest,
	server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	s := specFrom(req.GetInfo(), req.GetDirectory(), ".")
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()

	pm := npm.PackageManagerType(s.stringOption("packagemanager"))
	if pm == "" {
		pm = npm.AutoPackageManager
	}
	fmt.Fprintln(stdout, "Installing dependencies...")
	fmt.Fprintln(stdout)
	name, err := npm.Install(server.Context(), pm, s.programDir, false /*production*/, stdout, stderr)
	if err != nil {
		return fmt.Errorf("%s install failed: %w", name, err)
	}
	fmt.Fprintln(stdout, "Finished installing dependencies")
	fmt.Fprintln(stdout)
	return nil
}

// resolveRunScript asks Node where @pulumi/pulumi/cmd/run is, as seen from programDir.
func resolveRunScript(ctx context.Context, node, programDir string) (string, error) {
	const script = `process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run", {paths: [process.argv[1]]}))`
	cmd := exec.CommandContext(ctx, node, "-e", script, programDir)
	cmd.Dir = programDir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || len(out) == 0 {
		return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed in %s: "+
			"could not resolve @pulumi/pulumi/cmd/run (have you run 'npm install'?)", programDir)
	}
	return string(out), nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	s := specFrom(req.GetInfo(), req.GetPwd(), req.GetProgram())

	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{
			Error: "could not find 'node' on PATH: install Node.js (>= 20)",
		}, nil
	}
	runPath, err := resolveRunScript(ctx, node, s.programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if nodeArgs := s.stringOption("nodeargs"); nodeArgs != "" {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	args = append(args, runPath)
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if req.GetProject() != "" {
		args = append(args, "--project", req.GetProject())
	}
	args = append(args, "--root-directory", s.rootDir)
	if req.GetStack() != "" {
		args = append(args, "--stack", req.GetStack())
	}
	args = append(args, "--pwd", s.programDir)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		args = append(args, "--parallel", fmt.Sprint(req.GetParallel()))
	}
	args = append(args, "--monitor", req.GetMonitorAddress())
	if h.engineAddress != "" {
		args = append(args, "--engine", h.engineAddress)
	}
	if h.tracing != "" {
		args = append(args, "--tracing", h.tracing)
	}
	args = append(args, s.entryPoint)
	args = append(args, req.GetArgs()...)

	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{}
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	env := os.Environ()
	env = append(env,
		"PULUMI_CONFIG="+string(cfgJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretJSON),
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", s.boolOption("typescript", true)),
	)
	if tsconfig := s.stringOption("tsconfig"); tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.Command(node, args...) //nolint:gosec // arguments are built above
	cmd.Dir = s.programDir
	cmd.Env = env
	cmd.Stdin = nil
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	h.track(cmd, true)
	defer h.track(cmd, false)

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var waitErr error
	select {
	case waitErr = <-done:
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return nil, status.Error(codes.Canceled, "program run was cancelled")
	}

	if waitErr == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		code := exitErr.ExitCode()
		if code == nodeUserActionableExitCode {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		if code == -1 {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program terminated: %v", exitErr)}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}, nil
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program: %v", waitErr)}, nil
}
