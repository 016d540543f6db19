package sast

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/securego/gosec/v2"
	"golang.org/x/tools/go/packages"
)

func TestZZDebugLoad(t *testing.T) {
	mod := os.Getenv("ZZ_MOD")
	if mod == "" {
		t.Skip()
	}
	ctx := context.Background()
	tmp := t.TempDir()
	b, _ := os.ReadFile(mod + "/go.mod")
	os.WriteFile(tmp+"/go.mod", b, 0o600)
	b, _ = os.ReadFile(mod + "/go.sum")
	os.WriteFile(tmp+"/go.sum", b, 0o600)
	flags := []string{"-modfile=" + tmp + "/go.mod", "-mod=mod", "-trimpath"}
	pats := strings.Fields(os.Getenv("ZZ_PAT"))
	f := mod + "/internal/gosym/pclntab.go"
	orig, _ := os.ReadFile(f)
	defer os.WriteFile(f, orig, 0o644)
	for i := 0; i < 4; i++ {
		for _, mine := range []bool{true, false} {
			os.WriteFile(f, append(orig, fmt.Sprintf("\nconst zz%d = %d\n%s", rand.Int63(), i, os.Getenv("ZZ_EXTRA"))...), 0o644)
			e := &Engine{}
			start := time.Now()
			local, _ := e.LocalGoVersion(ctx)
			t.Log("goenv", time.Since(start))
			var err error
			var pkgs []*packages.Package
			if mine {
				pkgs, err = e.loadRoots(ctx, mod, flags, pats, e.goArch(ctx), local, nil)
			} else {
				cfg := &packages.Config{Context: ctx, Mode: gosec.LoadMode, Dir: mod, Env: e.env(), BuildFlags: flags}
				pkgs, err = packages.Load(cfg, pats...)
			}
			t.Logf("mine=%v %v %d %v", mine, time.Since(start), len(pkgs), err)
		}
	}
}
