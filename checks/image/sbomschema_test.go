package image

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// schemas are the official CycloneDX 1.6 and SPDX 2.3 JSON schemas the SBOM writers'
// own tests use (internal/attest/sbom/testdata/schemas, sources in its SOURCE.txt).
func schema(t *testing.T, main string, files ...string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var mainID string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join("..", "..", "internal", "attest", "sbom", "testdata", "schemas", f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		if f == main {
			mainID = id
		}
	}
	s, err := c.Compile(mainID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The image SBOMs (OS packages with layer properties, an Alpine and a Debian image)
// validate against the official schemas.
func TestImageSBOMsValidate(t *testing.T) {
	cdx := schema(t, "bom-1.6.schema.json", "bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json")
	spdx := schema(t, "spdx-schema-2.3.json", "spdx-schema-2.3.json")
	for _, name := range []string{"debian-vulnerable", "alpine-vulnerable"} {
		e := env(writeLayout(t, must(imagetest.Named(name))), offlineDB(t))
		e.Policy.Outputs.SBOM = []string{"cyclonedx", "spdx"}
		res, err := New().Run(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		for file, s := range map[string]*jsonschema.Schema{outdir.ImageCycloneDX: cdx, outdir.ImageSPDX: spdx} {
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(res.Files[file]))
			if err != nil {
				t.Fatalf("%s %s: %v", name, file, err)
			}
			if err := s.Validate(doc); err != nil {
				t.Errorf("%s %s: %v", name, file, err)
			}
		}
	}
}
