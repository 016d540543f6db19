package scan

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shiftgate/shiftgate/internal/gate"
)

// Progress prints check progress on stderr, only once a scan has run for a second.
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	running map[string]bool
	shown   bool
	timer   *time.Timer
	off     bool
}

// NewProgress starts a progress display on w; quiet shows nothing.
func NewProgress(w io.Writer, quiet bool) *Progress {
	p := &Progress{w: w, running: map[string]bool{}, off: quiet}
	if !quiet {
		p.timer = time.AfterFunc(time.Second, p.announce)
	}
	return p
}

func (p *Progress) announce() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.shown = true
	var names []string
	for n, r := range p.running {
		if r {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		fmt.Fprintf(p.w, "shiftgate: scanning… running: %s\n", strings.Join(names, ", "))
	}
}

// Event is gate.Options.Progress.
func (p *Progress) Event(e gate.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !e.Done {
		p.running[e.Check] = true
		return
	}
	p.running[e.Check] = false
	if p.shown && !p.off {
		status := fmt.Sprintf("%d finding(s)", e.Findings)
		if e.Err != nil {
			status = "error"
		}
		fmt.Fprintf(p.w, "shiftgate: %s done in %.1fs, %s\n", e.Check, e.Duration.Seconds(), status)
	}
}

// Stop ends the display.
func (p *Progress) Stop() {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Lock()
	p.off = true
	p.mu.Unlock()
}
