package image

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/osvapi"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// Options reach the OSV API when no offline database is given.
type Options struct {
	// APIBase is the OSV API (default https://api.osv.dev); HTTPClient replaces the
	// client's; CacheDir keeps fetched records (default the user cache dir).
	APIBase    string
	HTTPClient *http.Client
	CacheDir   string
}

// MatchOnline asks the OSV API which records affect each package (querybatch with the
// release-qualified ecosystem and the source name), fetches each record once, and
// confirms every answer with the same local matcher as the offline path, so both paths
// judge versions alike. An unreachable API is an error, never a clean image.
func MatchOnline(ctx context.Context, inv *Inventory, o Options) ([]finding.Finding, []finding.Note, error) {
	cache := o.CacheDir
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "shiftgate", "osv")
		}
	}
	cl := osvapi.New(o.APIBase, cache)
	if o.HTTPClient != nil {
		cl.HTTP = o.HTTPClient
	}
	var qs []osvapi.Query
	var pkgs []Package
	for _, p := range inv.Packages {
		if unreleased(p) || p.Ecosystem == "" {
			continue
		}
		qs = append(qs, osvapi.Query{Ecosystem: p.Ecosystem, Name: p.Source, Version: p.Version})
		pkgs = append(pkgs, p)
	}
	ans, err := cl.QueryBatch(ctx, qs)
	if err != nil {
		return nil, nil, fmt.Errorf("image %s: the OSV API at %s is unreachable: %w (or pass --offline-db DIR filled by `shiftgate db pull --ecosystems Debian,Alpine,Ubuntu DIR`)", inv.Ref, cl.BaseURL, err)
	}
	recs := map[string]*osvdb.Record{}
	cands := map[int][]*osvdb.Record{}
	for i, vs := range ans {
		for _, v := range vs {
			r, ok := recs[v.ID]
			if !ok {
				b, err := cl.Vuln(ctx, v)
				if err != nil {
					return nil, nil, fmt.Errorf("image %s: could not fetch %s from the OSV API: %w", inv.Ref, v.ID, err)
				}
				pv, err := osvdb.Unmarshal(b)
				if err != nil {
					return nil, nil, fmt.Errorf("image %s: the OSV API's record %s is not valid: %w", inv.Ref, v.ID, err)
				}
				r = &osvdb.Record{ID: pv.GetId(), JSON: b, Vuln: pv}
				recs[v.ID] = r
			}
			cands[i] = append(cands[i], r)
		}
	}
	byKey := map[[4]string][]*osvdb.Record{}
	for i, p := range pkgs {
		k := [4]string{p.Ecosystem, p.Name, p.Version, p.Path}
		byKey[k] = append(byKey[k], cands[i]...)
	}
	fs, notes := matchAll(inv, func(p Package) []*osvdb.Record {
		return byKey[[4]string{p.Ecosystem, p.Name, p.Version, p.Path}]
	})
	return fs, notes, nil
}
