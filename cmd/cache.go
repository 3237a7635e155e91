package cmd

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"

	"github.com/archiehq/archie/render"
)

// withCompileCache sets where the drawing engines keep their compiled
// WebAssembly: archie/wasm in the user's cache directory. Only commands
// that draw open it (render.WithCompileCache); its notes go to stderr.
func withCompileCache(ctx context.Context, io IO) context.Context {
	base := userCacheDir(io.Env)
	if base == "" {
		return ctx // no cache directory: compile in memory
	}
	return render.WithCompileCache(ctx, filepath.Join(base, "archie", "wasm"), func(msg string) {
		fmt.Fprintf(io.Err, "archie: note: %s\n", msg)
	})
}

// userCacheDir is os.UserCacheDir read through the command's environment,
// "" when it has none.
func userCacheDir(env func(string) string) string {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = env("LocalAppData")
	case "darwin", "ios":
		if home := env("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home := env("home"); home != "" {
			dir = filepath.Join(home, "lib", "cache")
		}
	default:
		dir = env("XDG_CACHE_HOME")
		if home := env("HOME"); dir == "" && home != "" {
			dir = filepath.Join(home, ".cache")
		}
	}
	if !filepath.IsAbs(dir) {
		return ""
	}
	return dir
}
