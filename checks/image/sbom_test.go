package image

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// The image's SBOMs list its OS packages with the layer that added them (not the
// zlib1g a later layer deleted), under the image digest, and are byte-for-byte the
// same on a second scan.
func TestImageSBOMs(t *testing.T) {
	img := must(imagetest.Debian("3.0.11-1~deb12u1", true))
	dir, db := writeLayout(t, img), offlineDB(t)
	e := env(dir, db)
	e.Policy.Outputs.SBOM = []string{"cyclonedx", "spdx"}
	res, err := New().Run(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 2 {
		t.Fatalf("files: %v", slices.Collect(func(yield func(string) bool) {
			for k := range res.Files {
				yield(k)
			}
		}))
	}
	var bom struct {
		Metadata struct {
			Component struct{ Name string } `json:"component"`
		} `json:"metadata"`
		Components []struct {
			Name, Version, Purl string
			Properties          []struct{ Name, Value string }
		} `json:"components"`
	}
	if err := json.Unmarshal(res.Files[outdir.ImageCycloneDX], &bom); err != nil {
		t.Fatal(err)
	}
	dg, _ := img.Digest()
	if !strings.HasSuffix(bom.Metadata.Component.Name, "@"+dg.String()) {
		t.Errorf("root component %q does not name the image digest %s", bom.Metadata.Component.Name, dg)
	}
	layers, _ := img.Layers()
	l1, _ := layers[1].DiffID()
	var names []string
	for _, c := range bom.Components {
		names = append(names, c.Name)
		if c.Name == "libssl3" {
			if c.Version != "3.0.11-1~deb12u1" || !strings.HasPrefix(c.Purl, "pkg:deb/debian/libssl3@3.0.11-1~deb12u1") ||
				!slices.ContainsFunc(c.Properties, func(p struct{ Name, Value string }) bool {
					return p.Name == "shiftgate:layer" && p.Value == l1.String()
				}) {
				t.Errorf("libssl3 component: %+v (layer 1 is %s)", c, l1)
			}
		}
	}
	slices.Sort(names)
	if want := []string{"base-files", "debianutils", "libc6", "libssl3"}; !slices.Equal(names, want) {
		t.Errorf("components %v, want %v", names, want)
	}
	if !bytes.Contains(res.Files[outdir.ImageSPDX], []byte(`"name": "libssl3"`)) {
		t.Errorf("SPDX lacks libssl3")
	}
	again, err := New().Run(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range res.Files {
		if !bytes.Equal(b, again.Files[name]) {
			t.Errorf("%s differs between two scans of the same image", name)
		}
	}
}
