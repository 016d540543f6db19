package result

import (
	"slices"

	"github.com/shiftgate/shiftgate/internal/finding"
)

func sortBySeverity(fs []finding.Finding) { slices.SortStableFunc(fs, finding.BySeverity) }
