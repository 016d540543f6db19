package image

import (
	"slices"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
)

// A real Ubuntu 18.04 image's dpkg status (trivy's fixture, unmodified) against real
// Canonical OSV records: every binary package of an affected source package is found
// under Ubuntu:18.04:LTS with Ubuntu's version rules (2.0.4-1.1build2 < 2.0.4-1.1ubuntu0.2),
// and the Livepatch notice for Ubuntu Pro's linux-aws matches nothing.
func TestUbuntu1804RealStatusAndRecords(t *testing.T) {
	img := must(imagetest.Ubuntu1804())
	res := runCheck(t, writeLayout(t, img), offlineDB(t))
	var got []string
	for _, f := range res.Findings {
		if f.Package == nil {
			t.Fatalf("finding without a package: %+v", f)
		}
		if f.Package.Ecosystem != "Ubuntu:18.04:LTS" {
			t.Errorf("%s %s: ecosystem %q, want Ubuntu:18.04:LTS", f.Rule, f.Package.Name, f.Package.Ecosystem)
		}
		got = append(got, f.Rule+" "+f.Package.Name+" "+f.Package.Version+" -> "+strings.Join(f.Package.Fixed, ","))
	}
	slices.Sort(got)
	want := []string{
		"UBUNTU-CVE-2019-5094 e2fsprogs 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"UBUNTU-CVE-2019-5094 libcom-err2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"UBUNTU-CVE-2019-5094 libext2fs2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"UBUNTU-CVE-2019-5094 libss2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"USN-3834-1 perl-base 5.26.1-6ubuntu0.2 -> 5.26.1-6ubuntu0.3",
		"USN-3863-1 apt 1.6.3ubuntu0.1 -> 1.6.6ubuntu0.1",
		"USN-3863-1 libapt-pkg5.0 1.6.3ubuntu0.1 -> 1.6.6ubuntu0.1",
		"USN-4038-1 bzip2 1.0.6-8.1 -> 1.0.6-8.1ubuntu0.1",
		"USN-4038-1 libbz2-1.0 1.0.6-8.1 -> 1.0.6-8.1ubuntu0.1",
		"USN-4142-1 e2fsprogs 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"USN-4142-1 libcom-err2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"USN-4142-1 libext2fs2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"USN-4142-1 libss2 1.44.1-1 -> 1.44.1-1ubuntu1.2",
		"USN-4168-1 libidn2-0 2.0.4-1.1build2 -> 2.0.4-1.1ubuntu0.2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
