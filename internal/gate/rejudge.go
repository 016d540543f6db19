package gate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Rejudge has the policy judge every finding of a result again (after findings were
// added to it, such as policy-weakening findings), replacing the exception uses and
// their notes, then recounts and decides like Run. Findings already marked
// suppressed, vex or baseline keep their status.
func Rejudge(res *result.Result, p *policy.Policy, now time.Time) {
	finding.AssignFingerprints(res.Findings)
	kept := res.Notes[:0]
	for _, n := range res.Notes {
		if n.Kind != "exception" || n.Check != "" {
			kept = append(kept, n)
		}
	}
	res.Notes = kept
	res.Exceptions = p.Judge(res.Findings, now)
	for _, u := range res.Exceptions {
		if u.State != policy.ExceptionActive {
			res.Notes = append(res.Notes, finding.Note{Kind: "exception", Path: relPolicy(p.Source), Line: u.Line,
				Message: fmt.Sprintf("exception %q %s", u.ID, u.Message)})
		}
	}
	Redecide(res, p)
}

// Redecide recounts each check's findings and blocking findings and sets the verdict
// and its reason again, after statuses were changed outside the policy's judgement
// (baseline, --changed-since). Checks named by findings but absent from the result are
// added as ok.
func Redecide(res *result.Result, p *policy.Policy) {
	for _, f := range res.Findings {
		if res.CheckByName(f.Check) == nil {
			res.Checks = append(res.Checks, result.Check{Name: f.Check, Status: result.StatusOK})
		}
	}
	slices.SortFunc(res.Checks, func(a, b result.Check) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(res.Notes, compareNotes)
	for i := range res.Checks {
		res.Checks[i].Findings, res.Checks[i].Blocking = 0, 0
		for _, f := range res.Findings {
			if f.Check == res.Checks[i].Name {
				res.Checks[i].Findings++
				if f.Status == finding.StatusBlocking {
					res.Checks[i].Blocking++
				}
			}
		}
	}
	decide(res, p)
}
