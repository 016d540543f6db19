package finding

import (
	"slices"
	"testing"
)

func TestFixedVersionsInNumericOrder(t *testing.T) {
	got := []string{"1.9.2", "1.10.2", "1.3.3", "0.30.0", "1.6.1", "1.11.1", "1.10.0-rc.1", "v2.0.0"}
	slices.SortFunc(got, CompareVersions)
	want := []string{"0.30.0", "1.3.3", "1.6.1", "1.9.2", "1.10.0-rc.1", "1.10.2", "1.11.1", "v2.0.0"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
