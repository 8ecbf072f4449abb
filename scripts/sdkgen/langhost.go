package main

// A codegen-only language host for `pulumi package gen-sdk --language go|python`
// (issue #26). Pulumi's Go and Python hosts cannot be had here (scripts/pulumi-cli/README.md),
// and gen-sdk only needs three calls of the LanguageRuntime protocol: Handshake,
// GetPluginInfo and GeneratePackage. Every other call (running a program, installing
// dependencies, ...) is refused with a message saying so. scripts/ensure-sdks.sh --hosts
// links this program as pulumi-language-go and pulumi-language-python into a folder that
// is put on PATH for gen-sdk only, never into the CLI's bin folder, so the CLI never tries
// to run a Go or Python program with it.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	pbempty "google.golang.org/protobuf/types/known/emptypb"
)

// hostLanguages: the executable names this program answers to as a language host.
var hostLanguages = map[string]string{"pulumi-language-go": "go", "pulumi-language-python": "python"}

// codegenMethods are the only LanguageRuntime calls served; the rest are refused.
var codegenMethods = map[string]bool{"Handshake": true, "GetPluginInfo": true, "GeneratePackage": true}

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
}

// serveHost serves the LanguageRuntime protocol the way the CLI starts language hosts:
// `pulumi-language-<lang> [flags] ENGINE_ADDRESS`, the port on the first line of stdout.
func serveHost(language string) {
	// The CLI passes --logtostderr (a bare boolean), -v=N, --tracing URL and --root DIR.
	if flag.Lookup("logtostderr") == nil {
		flag.Bool("logtostderr", false, "accepted for compatibility")
	}
	if flag.Lookup("v") == nil {
		flag.Int("v", 0, "accepted for compatibility")
	}
	flag.String("tracing", "", "accepted for compatibility")
	flag.String("root", "", "accepted for compatibility")
	flag.Parse()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if flag.NArg() > 0 {
		// Exit when the CLI goes away, so no host is left behind.
		if err := rpcutil.Healthcheck(ctx, flag.Arg(0), 5*time.Minute, cancel); err != nil {
			hostFailed(language, err)
		}
	}
	h := &codegenHost{language: language}
	stop := make(chan bool)
	go func() { <-ctx.Done(); close(stop) }()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
		Cancel: stop,
		Options: []grpc.ServerOption{
			grpc.ChainUnaryInterceptor(h.onlyCodegen),
			grpc.ChainStreamInterceptor(h.onlyCodegenStream),
		},
	})
	if err != nil {
		hostFailed(language, err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		hostFailed(language, err)
	}
}

func hostFailed(language string, err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-%s (pulumi-tavus sdkgen): %v\n", language, err)
	os.Exit(1)
}

// refuse says which call was refused and why, for every call but codegenMethods.
func (h *codegenHost) refuse(method string) error {
	return status.Errorf(codes.Unimplemented,
		"%s: this pulumi-language-%s is pulumi-tavus's codegen-only host (scripts/sdkgen): it only "+
			"generates SDKs (pulumi package gen-sdk); running programs needs Pulumi's own pulumi-language-%s",
		path.Base(method), h.language, h.language)
}

func (h *codegenHost) onlyCodegen(ctx context.Context, req any, info *grpc.UnaryServerInfo,
	handler grpc.UnaryHandler,
) (any, error) {
	if !codegenMethods[path.Base(info.FullMethod)] {
		return nil, h.refuse(info.FullMethod)
	}
	return handler(ctx, req)
}

func (h *codegenHost) onlyCodegenStream(_ any, _ grpc.ServerStream, info *grpc.StreamServerInfo,
	_ grpc.StreamHandler,
) error {
	return h.refuse(info.FullMethod) // every streaming call (InstallDependencies, ...) runs programs
}

func (h *codegenHost) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the Pulumi release whose code generators this host carries.
func (h *codegenHost) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: "3.248.0"}, nil
}

// GeneratePackage binds the schema the CLI sends with the CLI's schema loader and writes
// the SDK into the request's directory with the generator sdkgen uses.
func (h *codegenHost) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader at %q: %w", req.GetLoaderTarget(), err)
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("the schema is not valid JSON: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema of %q: %w", spec.Name, err)
	}
	response := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return response, nil
	}
	files, err := generators[h.language](pkg, loader, req.GetExtraFiles())
	if err != nil {
		return nil, fmt.Errorf("generating the %s SDK of %q: %w", h.language, spec.Name, err)
	}
	return response, write(filepath.Clean(req.GetDirectory()), files)
}
