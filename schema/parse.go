package schema

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaxNesting is the deepest nesting of brackets, braces, parentheses,
// strings, interpolations and unary operators an HCL file may have. HCL's
// parser recurses once per level and a deep enough input overflows the Go
// stack, which no recover can catch; real files stay below 20.
const MaxNesting = 256

// ParseHCL parses an HCL file as hclsyntax.ParseConfig does, but first
// rejects what the parser handles badly: bytes that are not UTF-8 (one
// error at the first of them instead of a cascade) and nesting deeper than
// MaxNesting (a crash otherwise). Every command reading HCL goes through it.
func ParseHCL(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	d := checkEncoding(src, filename)
	if d == nil {
		d = checkNesting(src, filename)
	}
	if d != nil {
		// An empty body, as ParseConfig returns for broken input, and the
		// bytes, for the snippet under the message.
		empty := &hclsyntax.Body{SrcRange: hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}}
		return &hcl.File{Body: empty, Bytes: src}, hcl.Diagnostics{d}
	}
	return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
}

func checkEncoding(src []byte, filename string) *hcl.Diagnostic {
	if utf8.Valid(src) {
		return nil
	}
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	pos := posAt(src, off)
	return errAt(hcl.Range{Filename: filename, Start: pos, End: hcl.Pos{Line: pos.Line, Column: pos.Column + 1, Byte: off + 1}},
		"Invalid character encoding",
		fmt.Sprintf("Byte 0x%02X is not UTF-8; architecture files are read as UTF-8. Save the file as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8).", src[off]))
}

// posAt is the line and column (in characters) of a byte offset.
func posAt(src []byte, off int) hcl.Pos {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return hcl.Pos{Line: line, Column: 1 + utf8.RuneCount(src[start:off]), Byte: off}
}

// checkNesting lexes src, which HCL does without recursion, and reports the
// first token nested deeper than MaxNesting.
func checkNesting(src []byte, filename string) *hcl.Diagnostic {
	if nestingBound(src) <= MaxNesting {
		return nil // the common case, without lexing the file twice
	}
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	depth, unary := 0, 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			depth = max(0, depth-1)
		}
		// A run of unary operators (- - - 1, !!!x) recurses too.
		if t.Type == hclsyntax.TokenMinus || t.Type == hclsyntax.TokenBang {
			unary++
		} else {
			unary = 0
		}
		if depth+unary > MaxNesting {
			return errAt(t.Range, "Nesting too deep",
				fmt.Sprintf("This is nested more than %d levels deep (brackets, braces, parentheses, strings and operators). Real files need only a few levels: flatten the expression.", MaxNesting))
		}
	}
	return nil
}

// nestingBound is an upper bound of the token nesting checkNesting
// measures, from one pass over the bytes: every bracket, brace and
// parenthesis counts, each may hold a string with interpolations (at most
// one more level each), and the longest run of '-' and '!' stands for a
// chain of unary operators.
func nestingBound(src []byte) int {
	depth, deepest, run, longest := 0, 0, 0, 0
	for _, b := range src {
		switch b {
		case '{', '[', '(':
			depth++
			deepest = max(deepest, depth)
		case '}', ']', ')':
			depth = max(0, depth-1)
		}
		switch b {
		case '-', '!':
			run++
			longest = max(longest, run)
		case ' ', '\t', '\r', '\n':
		default:
			run = 0
		}
	}
	return 2*deepest + 2 + longest
}
