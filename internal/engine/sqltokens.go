package engine

import "strings"

// A small SQL lexer for the console's checks: DuckDB's parser decides how
// many statements there are and of which type; these tokens tell which
// object a scratch write names and which functions a query calls.

// qualifiedName reads a.b.c at toks[i]: the last part (lower-cased) and
// the qualifier before it.
func qualifiedName(toks []token, i int) (name, qualifier string) {
	var parts []string
	for i < len(toks) && toks[i].word {
		parts = append(parts, toks[i].text)
		if !at(toks, i+1, ".") {
			break
		}
		i += 2
	}
	if len(parts) == 0 {
		return "", ""
	}
	return parts[len(parts)-1], strings.Join(parts[:len(parts)-1], ".")
}

func at(toks []token, i int, text string) bool { return i < len(toks) && toks[i].text == text }

// token is a word (keyword or identifier, lower-cased, quotes removed) or
// one punctuation character; strings, numbers and comments are skipped.
type token struct {
	text string
	word bool
}

// tokens splits SQL text the way DuckDB's lexer does for what check
// needs: '…' and E'…' strings, $tag$…$tag$ strings, "…" identifiers,
// -- and (nested) /* */ comments.
func tokens(q string) []token {
	var out []token
	r := []rune(q)
	for i := 0; i < len(r); {
		ch := r[i]
		switch {
		case ch == '-' && i+1 < len(r) && r[i+1] == '-':
			for i < len(r) && r[i] != '\n' {
				i++
			}
		case ch == '/' && i+1 < len(r) && r[i+1] == '*':
			depth := 0
			for i < len(r) {
				if r[i] == '/' && i+1 < len(r) && r[i+1] == '*' {
					depth++
					i += 2
				} else if r[i] == '*' && i+1 < len(r) && r[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case ch == '\'':
			i = skipString(r, i, false)
		case (ch == 'e' || ch == 'E') && i+1 < len(r) && r[i+1] == '\'':
			i = skipString(r, i+1, true)
		case ch == '$' && dollarTag(r, i) != "":
			tag := []rune(dollarTag(r, i))
			i += len(tag)
			for i < len(r) && !hasAt(r, i, tag) {
				i++
			}
			i += len(tag)
		case ch == '"':
			var b strings.Builder
			i++
			for i < len(r) {
				if r[i] == '"' {
					if i+1 < len(r) && r[i+1] == '"' {
						b.WriteRune('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(r[i])
				i++
			}
			out = append(out, token{strings.ToLower(b.String()), true})
		case ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch > 127:
			j := i
			for j < len(r) && (r[j] == '_' || r[j] == '$' || r[j] >= 'a' && r[j] <= 'z' || r[j] >= 'A' && r[j] <= 'Z' ||
				r[j] >= '0' && r[j] <= '9' || r[j] > 127) {
				j++
			}
			out = append(out, token{strings.ToLower(string(r[i:j])), true})
			i = j
		case ch >= '0' && ch <= '9':
			for i < len(r) && (r[i] == '.' || r[i] == '_' || r[i] >= '0' && r[i] <= '9' || r[i] >= 'a' && r[i] <= 'z' || r[i] >= 'A' && r[i] <= 'Z') {
				i++
			}
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		default:
			out = append(out, token{string(ch), false})
			i++
		}
	}
	return out
}

func hasAt(r []rune, i int, s []rune) bool {
	if i+len(s) > len(r) {
		return false
	}
	for k := range s {
		if r[i+k] != s[k] {
			return false
		}
	}
	return true
}

// skipString returns the index after the string literal opening at r[i].
func skipString(r []rune, i int, backslash bool) int {
	for i++; i < len(r); i++ {
		switch {
		case backslash && r[i] == '\\':
			i++
		case r[i] == '\'':
			if i+1 < len(r) && r[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return i
}

// dollarTag is the $tag$ opening a dollar-quoted string at r[i], or "".
func dollarTag(r []rune, i int) string {
	for j := i + 1; j < len(r); j++ {
		switch {
		case r[j] == '$':
			return string(r[i : j+1])
		case r[j] == '_' || r[j] >= 'a' && r[j] <= 'z' || r[j] >= 'A' && r[j] <= 'Z' || (j > i+1 && r[j] >= '0' && r[j] <= '9'):
		default:
			return ""
		}
	}
	return ""
}
