package recap

import (
	"strings"
	"unicode"
)

// EscapeMarkdown makes one line of user text literal in CommonMark (with
// the GFM extensions: tables, strikethrough, autolinks), kramdown (Jekyll),
// Liquid and Hugo, while keeping it readable for whoever edits the post.
// Characters that open markup anywhere get a backslash (always a valid
// escape): \ ` * _ ~ [ ] < > | { and } ; those that open a block only at the
// start of a line ("- ", "# ", "1. ", "> ", ": ") get one there; "{%", entities ("&amp;"), "@" and "://" or "www." (which GFM would turn
// into links) are broken the same way. Line breaks become spaces, so the
// text cannot open a block or a table row; spaces around it are trimmed.
func EscapeMarkdown(s string) string {
	return escapeLine(strings.TrimSpace(strings.Map(oneLine, s)), false)
}

// oneLine maps line breaks and other control characters to a space.
func oneLine(r rune) rune {
	if r == '\n' || r == '\r' || r == '\t' || unicode.IsControl(r) {
		return ' '
	}
	return r
}

// escapeLine escapes one line. With emphasis, * _ and ~~ are left for
// emphasis, bold and strikethrough (the organizer's introduction and the
// notes are Markdown), except where they would open a block: a list
// marker (also as the first word of a list item, where "* " would nest
// another list), a thematic break, a code fence.
func escapeLine(s string, emphasis bool) string {
	rs := []rune(s)
	var b strings.Builder
	digits := true // still in the leading digits, where "1." or "1)" would start a list
	for i, r := range rs {
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		prev := rune(0)
		if i > 0 {
			prev = rs[i-1]
		}
		esc := false
		switch {
		case strings.ContainsRune("\\`[]<>|{}", r):
			esc = true
		case r == '*':
			// At the start, "* " (or a lone "*") opens a list item, even inside one.
			esc = !emphasis || i == 0 && (breakLine(s) || next == ' ' || next == 0)
		case r == '_':
			esc = !emphasis || i == 0 && breakLine(s)
		case r == '~':
			esc = !emphasis || i == 0 && next == '~'
		case r == '%':
			esc = prev == '{'
		case r == '&':
			esc = next == '#' || unicode.IsLetter(next)
		case r == '@':
			esc = true
		case r == ':':
			esc = i == 0 || next == '/'
		case r == '.':
			esc = i >= 3 && strings.EqualFold(string(rs[i-3:i]), "www") || digits && i > 0 && (next == ' ' || next == 0)
		case r == ')':
			esc = digits && i > 0 && (next == ' ' || next == 0)
		case i == 0 && strings.ContainsRune("-+#>=!", r):
			esc = true
		}
		if esc {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		digits = digits && r >= '0' && r <= '9'
	}
	return b.String()
}

// breakLine reports whether a line is a thematic break (*** or ___).
func breakLine(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '*', '_', '-':
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// escapeBlock writes user text of several lines (a description, notes, the
// introduction) as Markdown paragraphs and lists that cannot open anything
// else: blank lines separate paragraphs, a line starting with "- ", "* ",
// "+ " or "1. " is a list item, every other line is escaped text in its
// paragraph. With emphasis, * _ and ~~ keep their meaning inside a line.
// Headings, quotes, code blocks, tables, HTML, links and template tags all
// come out as text.
func escapeBlock(s string, emphasis bool) string {
	var out []string
	para := false // the previous output line is text (not blank)
	inList := false
	for _, raw := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(strings.Map(oneLine, raw))
		if line == "" {
			if para {
				out = append(out, "")
			}
			para, inList = false, false
			continue
		}
		if marker, rest, ok := listItem(line); ok {
			if para && !inList {
				out = append(out, "") // a list after a paragraph starts a block of its own
			}
			out = append(out, marker+escapeLine(rest, emphasis))
			para, inList = true, true
			continue
		}
		if inList {
			out = append(out, "") // text after a list is a new paragraph, not a lazy continuation
			inList = false
		}
		out = append(out, escapeLine(line, emphasis))
		para = true
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// listItem recognizes a list item: "- x", "* x", "+ x" (written "- x")
// and "1. x" or "1) x" (written "1. x").
func listItem(line string) (marker, rest string, ok bool) {
	if len(line) > 2 && strings.ContainsRune("-*+", rune(line[0])) && line[1] == ' ' {
		if rest := strings.TrimSpace(line[2:]); rest != "" && !breakLine(line) {
			return "- ", rest, true
		}
	}
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' ' {
		if rest := strings.TrimSpace(line[i+2:]); rest != "" {
			return line[:i] + ". ", rest, true
		}
	}
	return "", "", false
}

// yamlQuote writes a YAML double-quoted scalar. A "{" before "{" or "%"
// is written \x7B, so the front matter holds no template tag either.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '{' && i+1 < len(rs) && (rs[i+1] == '{' || rs[i+1] == '%'):
			b.WriteString(`\x7B`)
		case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cc, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
