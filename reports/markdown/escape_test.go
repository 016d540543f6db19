package markdown

import "testing"

func TestEscapingForMarkdown(t *testing.T) {
	for _, c := range []struct{ in, code, cell string }{
		{"a/b.go:3", "`a/b.go:3`", "a/b.go:3"},
		{"a`](https://x)", "``a`](https://x)``", "a\\`\\](https://x)"},
		{"`x`", "`` `x` ``", "\\`x\\`"},
		{"a|b\n<img>", "`a\\|b <img>`", "a\\|b &lt;img&gt;"},
		{"![i](u) \x1b[31m", "`![i](u) [31m`", "\\!\\[i\\](u) \\[31m"},
	} {
		if got := Code(c.in); got != c.code {
			t.Errorf("Code(%q) = %q, want %q", c.in, got, c.code)
		}
		if got := Cell(c.in); got != c.cell {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.cell)
		}
	}
	if got := LinkTarget("https://h/o/r/blob/s/a)b (c)<d>\n#L1"); got != "https://h/o/r/blob/s/a%29b%20%28c%29%3Cd%3E%20#L1" {
		t.Errorf("LinkTarget = %q", got)
	}
}
