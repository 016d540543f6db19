package sast

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math/big"
	"regexp"
	"strings"

	"github.com/securego/gosec/v2/analyzers"
	"github.com/securego/gosec/v2/taint"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// facts is what the check learned about one gosec issue from the code around it.
type facts struct {
	// fn names the enclosing function ("" at file level): findings of one root cause
	// (a pattern rule and the taint rule confirming it) share it.
	fn string
	// context and reason: a use the severity model does not block by default.
	context, reason string
	// nolint is true when a //nolint:gosec comment covers the line; nolintWhy is its reason.
	nolint    bool
	nolintWhy string
	// remote is true for a taint (G7xx) issue whose source is request data (the same
	// analyzer run with only net/http and net/url sources reports it too).
	remote bool
}

// remoteTaint returns gosec's taint analyzers for injection, traversal, SSRF, XSS
// and log injection with their sources cut down to request data (net/http, net/url):
// an issue these report too comes from a request, not from the program's own
// arguments, environment or files.
func remoteTaint() map[string]analyzers.AnalyzerDefinition {
	mk := func(rule taint.RuleInfo, conf func() taint.Config) analyzers.AnalyzerDefinition {
		return analyzers.AnalyzerDefinition{ID: rule.ID, Description: rule.Description,
			Create: func(id, desc string) *analysis.Analyzer {
				c := conf()
				var keep []taint.Source
				for _, s := range c.Sources {
					if s.Package == "net/http" || s.Package == "net/url" {
						keep = append(keep, s)
					}
				}
				c.Sources = keep
				r := rule
				r.ID, r.Description = id, desc
				return taint.NewGosecAnalyzer(&r, &c)
			}}
	}
	out := map[string]analyzers.AnalyzerDefinition{}
	for _, d := range []analyzers.AnalyzerDefinition{
		mk(analyzers.SQLInjectionRule, analyzers.SQLInjection),
		mk(analyzers.CommandInjectionRule, analyzers.CommandInjection),
		mk(analyzers.PathTraversalRule, analyzers.PathTraversal),
		mk(analyzers.SSRFRule, analyzers.SSRF),
		mk(analyzers.XSSRule, analyzers.XSS),
		mk(analyzers.LogInjectionRule, analyzers.LogInjection),
	} {
		out[d.ID] = d
	}
	return out
}

// securityWords are the names that put random numbers and hashes in a security context.
var securityWords = regexp.MustCompile(`(?i)(token|secret|passw|pwd|key|nonce|salt|session|csrf|otp|auth|crypt|cipher|sign|credential|captcha|verif|challenge|password)`)

// nolintRe matches golangci-lint's directive naming gosec (or all linters).
var nolintRe = regexp.MustCompile(`//\s*nolint(?::([\w,-]+))?(?:\s*//\s*(.*))?`)

// classify looks at the code around an issue. file is the parsed file holding it
// (nil when unknown), pkg its package.
func classify(ruleID string, line, col int, pkg *packages.Package, file *ast.File, lines []string) facts {
	var fx facts
	if file == nil {
		return fx
	}
	fset := pkg.Fset
	var fn ast.Node
	fnName := ""
	for _, d := range file.Decls {
		if fset.Position(d.Pos()).Line <= line && line <= fset.Position(d.End()).Line {
			if fd, ok := d.(*ast.FuncDecl); ok {
				fn = fd
				fnName = fd.Name.Name
				if fd.Recv != nil && len(fd.Recv.List) > 0 {
					fnName = types.ExprString(fd.Recv.List[0].Type) + "." + fnName
				}
			}
		}
	}
	if fnName != "" {
		fx.fn = fset.Position(file.Pos()).Filename + "#" + fnName
	}
	text := ""
	if line >= 1 && line <= len(lines) {
		text = lines[line-1]
	}
	fx.nolint, fx.nolintWhy = nolintAt(lines, line)
	switch ruleID {
	case "G404", "G401", "G501", "G505", "G406", "G506", "G507":
		if !securityWords.MatchString(fnName) && !securityWords.MatchString(stripStrings(text)) {
			what := "math/rand"
			if ruleID != "G404" {
				what = "a weak hash"
			}
			fx.context, fx.reason = finding.ContextBenign,
				fmt.Sprintf("%s is used outside a security context (no key, token, secret, nonce, salt, password or session in the statement or in function %s): jitter, sampling, checksums and cache keys need no cryptographic strength", what, orFile(fnName))
		}
	case "G115":
		if why := smallConversion(pkg, fn, file, line, col); why != "" {
			fx.context, fx.reason = finding.ContextBenign, why
		}
	case "G402":
		if m := regexp.MustCompile(`InsecureSkipVerify\s*[:=]\s*([\w.()\[\]]+)`).FindStringSubmatch(text); m != nil && strings.TrimSpace(m[1]) != "true" {
			fx.context, fx.reason = finding.ContextBenign,
				fmt.Sprintf("InsecureSkipVerify is set from %s, not the constant true: verification is off only when the user explicitly opts in", strings.TrimSpace(m[1]))
		}
	case "G705":
		if ct := contentType(innermost(fset, fn, line)); ct != "" && !strings.Contains(ct, "html") {
			fx.context, fx.reason = finding.ContextBenign,
				fmt.Sprintf("the handler serves the response as %s, which browsers do not render as HTML", ct)
		}
	case "G101":
		if lit := longestString(text); finding.Entropy(lit) < 3.5 || len(lit) < 12 {
			fx.context, fx.reason = finding.ContextBenign,
				fmt.Sprintf("the value %q is too short or too regular (entropy below 3.5 bits per character) to be a credential: the variable's name matched, not its value", finding.Shorten(lit, 40))
		}
	}
	return fx
}

func orFile(fn string) string {
	if fn == "" {
		return "(file level)"
	}
	return fn
}

// nolintAt reports whether golangci-lint's //nolint directive naming gosec (or no
// linter, which means all) is on the line or alone on the line above, with its reason.
func nolintAt(lines []string, line int) (bool, string) {
	check := func(l string, standalone bool) (bool, string) {
		i := strings.Index(l, "//")
		if i < 0 {
			return false, ""
		}
		if standalone && strings.TrimSpace(l[:i]) != "" {
			return false, ""
		}
		m := nolintRe.FindStringSubmatch(l[i:])
		if m == nil || !strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(l[i:], "//")), "nolint") {
			return false, ""
		}
		if m[1] != "" {
			found := false
			for _, n := range strings.Split(m[1], ",") {
				if strings.EqualFold(strings.TrimSpace(n), "gosec") {
					found = true
				}
			}
			if !found {
				return false, ""
			}
		}
		return true, strings.TrimSpace(m[2])
	}
	if line >= 1 && line <= len(lines) {
		if ok, why := check(lines[line-1], false); ok {
			return ok, why
		}
	}
	if line >= 2 && line-1 <= len(lines) {
		return check(lines[line-2], true)
	}
	return false, ""
}

// stripStrings drops string literals, so that words inside messages do not count.
func stripStrings(s string) string {
	return regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`").ReplaceAllString(s, "")
}

func longestString(s string) string {
	best := ""
	for _, m := range regexp.MustCompile("\"((?:[^\"\\\\]|\\\\.)*)\"|`([^`]*)`").FindAllStringSubmatch(s, -1) {
		v := m[1] + m[2]
		if len(v) > len(best) {
			best = v
		}
	}
	return best
}

// smallConversion explains why an integer conversion gosec flagged (G115) cannot
// overflow: its operand is bounded by a constant divisor, shift, modulus or mask that
// fits the target type. It returns "" when it cannot prove it.
func smallConversion(pkg *packages.Package, fn ast.Node, file *ast.File, line, col int) string {
	if pkg.TypesInfo == nil {
		return ""
	}
	var root ast.Node = file
	if fn != nil {
		root = fn
	}
	why := ""
	ast.Inspect(root, func(n ast.Node) bool {
		if why != "" {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || pkg.Fset.Position(call.Pos()).Line != line {
			return true
		}
		// gosec reports a conversion at its opening parenthesis: with several on the
		// line, judge the one it named.
		if p := pkg.Fset.Position(call.Lparen); col > 0 && p.Column != col && pkg.Fset.Position(call.Pos()).Column != col {
			return true
		}
		tv, ok := pkg.TypesInfo.Types[call.Fun]
		if !ok || !tv.IsType() {
			return true
		}
		dst, ok := tv.Type.Underlying().(*types.Basic)
		if !ok || dst.Info()&types.IsInteger == 0 {
			return true
		}
		arg := ast.Unparen(call.Args[0])
		st, ok := pkg.TypesInfo.Types[arg]
		if !ok {
			return true
		}
		src, ok := st.Type.Underlying().(*types.Basic)
		if !ok || src.Info()&types.IsInteger == 0 {
			return true
		}
		lo, hi := bounds(pkg, arg, src)
		if lo == nil {
			lo, hi = asciiRune(pkg, root, arg)
		}
		if lo == nil {
			lo, hi = parsedInt(pkg, root, arg)
		}
		if lo == nil {
			lo, hi = boundedRandom(pkg, arg)
		}
		if lo == nil {
			if limit := comparedWithLimit(pkg, root, arg, dst); limit != "" {
				why = fmt.Sprintf("the conversion %s(%s) is range-checked: the function compares %s with %s, the limit of %s, and handles the values beyond it", types.ExprString(call.Fun), types.ExprString(arg), types.ExprString(arg), limit, dst.Name())
				return false
			}
			if flag := flagValue(pkg, file, arg); flag != "" {
				why = fmt.Sprintf("the converted value is the program's own command-line flag %s, set by whoever runs it: an out-of-range value is a misconfiguration, not an attack", flag)
				return false
			}
		}
		if lo == nil {
			return true
		}
		dlo, dhi := intRange(dst)
		if lo.Cmp(dlo) >= 0 && hi.Cmp(dhi) <= 0 {
			why = fmt.Sprintf("the conversion %s(%s) cannot overflow: the operand lies in [%s, %s], inside %s's range", types.ExprString(call.Fun), types.ExprString(arg), lo, hi, dst.Name())
			if hi.Cmp(big.NewInt(127)) == 0 && lo.Sign() == 0 {
				why = fmt.Sprintf("the conversion %s(%s) cannot overflow: %s ranges over a string strconv formatted, whose runes are all ASCII", types.ExprString(call.Fun), types.ExprString(arg), types.ExprString(arg))
			}
		}
		return true
	})
	return why
}

// bounds returns the range of an integer expression bounded by a constant operator,
// or nil, nil when unknown.
func bounds(pkg *packages.Package, e ast.Expr, src *types.Basic) (*big.Int, *big.Int) {
	b, ok := e.(*ast.BinaryExpr)
	if !ok {
		return nil, nil
	}
	cv := pkg.TypesInfo.Types[b.Y].Value
	if cv == nil || cv.Kind() != constant.Int {
		return nil, nil
	}
	c, ok := new(big.Int).SetString(cv.ExactString(), 10)
	if !ok {
		return nil, nil
	}
	lo, hi := intRange(src)
	switch b.Op {
	case token.QUO:
		if c.Sign() <= 0 {
			return nil, nil
		}
		return new(big.Int).Quo(lo, c), new(big.Int).Quo(hi, c)
	case token.SHR:
		if c.Sign() < 0 || c.Cmp(big.NewInt(128)) > 0 {
			return nil, nil
		}
		n := uint(c.Int64()) //nolint:gosec // c is within [0, 128]: checked just above
		return new(big.Int).Rsh(lo, n), new(big.Int).Rsh(hi, n)
	case token.REM:
		a := new(big.Int).Abs(c)
		if a.Sign() == 0 {
			return nil, nil
		}
		m := new(big.Int).Sub(a, big.NewInt(1))
		if lo.Sign() < 0 {
			return new(big.Int).Neg(m), m
		}
		return big.NewInt(0), m
	case token.AND:
		if c.Sign() < 0 {
			return nil, nil
		}
		return big.NewInt(0), c
	}
	return nil, nil
}

// intRange is the range of an integer type (int and uint as 64 bits).
func intRange(t *types.Basic) (*big.Int, *big.Int) {
	bits := map[types.BasicKind]uint{
		types.Int8: 8, types.Uint8: 8, types.Int16: 16, types.Uint16: 16, types.Int32: 32, types.Uint32: 32,
		types.Int64: 64, types.Uint64: 64, types.Int: 64, types.Uint: 64, types.Uintptr: 64,
	}[t.Kind()]
	if bits == 0 {
		bits = 64
	}
	one := big.NewInt(1)
	if t.Info()&types.IsUnsigned != 0 {
		return big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(one, bits), one)
	}
	hi := new(big.Int).Sub(new(big.Int).Lsh(one, bits-1), one)
	return new(big.Int).Neg(new(big.Int).Lsh(one, bits-1)), hi
}

// asciiRune bounds a rune variable that ranges over a string strconv formatted (Itoa,
// FormatInt, FormatUint, Quote…): every rune of such a string is ASCII.
func asciiRune(pkg *packages.Package, root ast.Node, e ast.Expr) (*big.Int, *big.Int) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	obj := pkg.TypesInfo.Uses[id]
	if obj == nil {
		return nil, nil
	}
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || found {
			return !found
		}
		v, ok := rs.Value.(*ast.Ident)
		if !ok || pkg.TypesInfo.Defs[v] != obj {
			return true
		}
		call, ok := ast.Unparen(rs.X).(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if fn, ok := pkg.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "strconv" &&
			(strings.HasPrefix(fn.Name(), "Itoa") || strings.HasPrefix(fn.Name(), "Format") || strings.HasPrefix(fn.Name(), "QuoteToASCII")) {
			found = true
		}
		return true
	})
	if !found {
		return nil, nil
	}
	return big.NewInt(0), big.NewInt(127)
}

// parsedInt bounds a variable assigned from strconv.ParseInt or ParseUint with a
// constant bit size: the parser rejects what does not fit. A ParseInt argument that
// starts with a constant digit ("0"+mode) cannot carry a sign, so it is not negative.
func parsedInt(pkg *packages.Package, root ast.Node, e ast.Expr) (*big.Int, *big.Int) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	obj := pkg.TypesInfo.Uses[id]
	if obj == nil {
		return nil, nil
	}
	var lo, hi *big.Int
	ast.Inspect(root, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || lo != nil || len(as.Rhs) != 1 || len(as.Lhs) == 0 {
			return lo == nil
		}
		v, ok := as.Lhs[0].(*ast.Ident)
		if !ok || (pkg.TypesInfo.Defs[v] != obj && pkg.TypesInfo.Uses[v] != obj) {
			return true
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || len(call.Args) != 3 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := pkg.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "strconv" || (fn.Name() != "ParseInt" && fn.Name() != "ParseUint") {
			return true
		}
		bv := pkg.TypesInfo.Types[call.Args[2]].Value
		if bv == nil {
			return true
		}
		bits, ok := constant.Int64Val(constant.ToInt(bv))
		if !ok || bits < 0 || bits > 64 {
			return true
		}
		if bits == 0 {
			bits = 64
		}
		width := uint(bits) //nolint:gosec // bits is within [1, 64]: checked just above
		one := big.NewInt(1)
		if fn.Name() == "ParseUint" {
			lo, hi = big.NewInt(0), new(big.Int).Sub(new(big.Int).Lsh(one, width), one)
			return false
		}
		hi = new(big.Int).Sub(new(big.Int).Lsh(one, width-1), one)
		lo = new(big.Int).Neg(new(big.Int).Lsh(one, width-1))
		if digitPrefix(pkg, call.Args[0]) {
			lo = big.NewInt(0)
		}
		return false
	})
	return lo, hi
}

// digitPrefix reports whether a string expression starts with a constant digit.
func digitPrefix(pkg *packages.Package, e ast.Expr) bool {
	for {
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			break
		}
		e = b.X
	}
	cv := pkg.TypesInfo.Types[e].Value
	if cv == nil || cv.Kind() != constant.String {
		return false
	}
	str := constant.StringVal(cv)
	return str != "" && str[0] >= '0' && str[0] <= '9'
}

// boundedRandom bounds a call of math/rand's Intn, Int31n, Int63n, IntN, Int32N,
// Int64N, UintN, Uint32N or Uint64N with a constant n: the result lies in [0, n).
func boundedRandom(pkg *packages.Package, e ast.Expr) (*big.Int, *big.Int) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, nil
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	fn, ok := pkg.TypesInfo.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || (fn.Pkg().Path() != "math/rand" && fn.Pkg().Path() != "math/rand/v2") {
		return nil, nil
	}
	switch fn.Name() {
	case "Intn", "Int31n", "Int63n", "IntN", "Int32N", "Int64N", "UintN", "Uint32N", "Uint64N":
	default:
		return nil, nil
	}
	cv := pkg.TypesInfo.Types[call.Args[0]].Value
	if cv == nil {
		return nil, nil
	}
	n, ok := new(big.Int).SetString(constant.ToInt(cv).ExactString(), 10)
	if !ok || n.Sign() <= 0 {
		return nil, nil
	}
	return big.NewInt(0), n.Sub(n, big.NewInt(1))
}

// flagValue names the command-line flag an expression reads (*verbose, where
// verbose is a package-level variable set from flag.X or kingpin's ….X()), or "".
func flagValue(pkg *packages.Package, file *ast.File, e ast.Expr) string {
	star, ok := ast.Unparen(e).(*ast.StarExpr)
	if !ok {
		return ""
	}
	id, ok := ast.Unparen(star.X).(*ast.Ident)
	if !ok {
		return ""
	}
	v, ok := pkg.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() != pkg.Types.Scope() {
		return ""
	}
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if pkg.TypesInfo.Defs[n] != v || i >= len(vs.Values) {
						continue
					}
					init := types.ExprString(vs.Values[i])
					if strings.HasPrefix(init, "flag.") || strings.Contains(init, "kingpin.") || strings.Contains(init, ".Flag(") {
						return n.Name
					}
				}
			}
		}
	}
	return ""
}

// contentType returns the constant Content-Type a function sets on its response
// (w.Header().Set("Content-Type", "text/plain")), or "".
func contentType(fn ast.Node) string {
	if fn == nil {
		return ""
	}
	ct := ""
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "Set" && sel.Sel.Name != "Add") {
			return true
		}
		k, ok1 := call.Args[0].(*ast.BasicLit)
		v, ok2 := call.Args[1].(*ast.BasicLit)
		if ok1 && ok2 && k.Kind == token.STRING && v.Kind == token.STRING && strings.EqualFold(strings.Trim(k.Value, "\"`"), "Content-Type") {
			ct = strings.Trim(v.Value, "\"`")
		}
		return true
	})
	return ct
}

// innermost returns the smallest function literal inside fn that holds the line (an
// HTTP handler written inline), or fn itself.
func innermost(fset *token.FileSet, fn ast.Node, line int) ast.Node {
	if fn == nil {
		return nil
	}
	best := fn
	ast.Inspect(fn, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && fset.Position(lit.Pos()).Line <= line && line <= fset.Position(lit.End()).Line {
			best = lit
		}
		return true
	})
	return best
}

// comparedWithLimit returns the constant (as written) that a variable is compared
// with in the function when that constant is a limit of the target type (its maximum
// or minimum, or one past it): the code handles the out-of-range values. "" if none.
func comparedWithLimit(pkg *packages.Package, root ast.Node, e ast.Expr, dst *types.Basic) string {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok || root == nil {
		return ""
	}
	obj := pkg.TypesInfo.Uses[id]
	if obj == nil {
		return ""
	}
	lo, hi := intRange(dst)
	limits := []*big.Int{lo, hi, new(big.Int).Add(hi, big.NewInt(1)), new(big.Int).Sub(lo, big.NewInt(1))}
	found := ""
	ast.Inspect(root, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || found != "" {
			return found == ""
		}
		switch b.Op {
		case token.LSS, token.GTR, token.LEQ, token.GEQ:
		default:
			return true
		}
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			v, ok := ast.Unparen(pair[0]).(*ast.Ident)
			if !ok || pkg.TypesInfo.Uses[v] != obj {
				continue
			}
			cv := pkg.TypesInfo.Types[pair[1]].Value
			if cv == nil || cv.Kind() != constant.Int {
				continue
			}
			c, ok := new(big.Int).SetString(cv.ExactString(), 10)
			if !ok {
				continue
			}
			for _, l := range limits {
				if c.Cmp(l) == 0 {
					found = types.ExprString(pair[1])
				}
			}
		}
		return true
	})
	return found
}
