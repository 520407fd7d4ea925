package recap_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"openspace/openspace"
	"openspace/openspace/recap"
)

// hostile is what people might type: each character that means something
// in Markdown, HTML, Liquid or Hugo, alone and in the shapes that do harm.
var hostile = []string{
	"a | b", "| x | y |\n|---|---|", "# heading", "## heading\n### more", "`code`", "```\nfenced\n```",
	"~~~\nfenced", "line one\nline two", "a\n\nb", "a\n===", "a\n---", "<script>alert(1)</script>",
	"[x](javascript:alert(1))", "![img](javascript:alert(1))", "[x]: javascript:alert(1)\n[x]",
	"{{ .Site.Title }}", "{{< shortcode >}}", "{{% shortcode %}}", "{% include x.html %}", "{{", "{%",
	"<b>bold</b>", "<img src=x onerror=alert(1)>", "<!-- comment -->", "&lt;script&gt;", "&#60;script&#62;",
	"<http://evil.example>", "http://evil.example", "www.evil.example", "mail@evil.example",
	"- item", "1. item", "> quote", "    indented code", "***", "- - -", "* * *", "\\", "x\\", "\\*",
	"**bold** _em_ ~~del~~", "- [ ] task", "<div>\nblock\n</div>", "term\n: definition", "{: .class}",
	"a  \nb", "\t# tab", "2024. year", "x <", "|", "", "*  * #", "- * # x", "*", "* *\n# x",
}

// texts replaces every piece of user text of the fixture with s.
func texts(lang, s string) recap.Evening {
	ev := fixture(lang)
	ev.Event.Title, ev.Event.Venue, ev.Event.Intro = s, s, s
	ev.Event.Question = &openspace.Question{Prompt: s, Choices: []string{s, "Ops"}}
	ev.Attendance.Profiles = map[string]int{s: 15, "Ops": 16}
	for i := range ev.Event.Sessions {
		ev.Event.Sessions[i].Title = s + " " + ev.Event.Sessions[i].ID
	}
	for i := range ev.Event.Rooms {
		ev.Event.Rooms[i].Name = s + " " + ev.Event.Rooms[i].ID
	}
	for i := range ev.Topics {
		ev.Topics[i].Title = s + " " + ev.Topics[i].ID
		ev.Topics[i].Host, ev.Topics[i].Description = s, s
	}
	notes := map[string]openspace.Notes{}
	for id := range ev.Notes {
		notes[id] = openspace.Notes{Topic: id, Text: s, Takeaways: []string{s, s}}
	}
	ev.Notes = notes
	for i := range ev.Feedback {
		ev.Feedback[i].Worked, ev.Feedback[i].Blocked = s, s
	}
	return ev
}

var (
	tagRe     = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)`)
	headingRe = regexp.MustCompile(`(?s)<h([1-6])>(.*?)</h[1-6]>`)
	cellRe    = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	attrRe    = regexp.MustCompile(`<[a-z][^>]*\s(href|src|on[a-z]+)=`)
)

// allowed are the tags the recap's own structure, emphasis and lists make.
var allowed = []string{"p", "h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "em", "strong", "del", "blockquote"}

// structure is what must not depend on user text: the headings (level
// and text) and the number of table rows.
func structure(tb testing.TB, md string) (headings []string, rows int, out string) {
	tb.Helper()
	out, err := recap.HTML(md)
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range headingRe.FindAllStringSubmatch(out, -1) {
		headings = append(headings, "h"+m[1]+" "+strings.Join(strings.Fields(html.UnescapeString(m[2])), " "))
	}
	return headings, strings.Count(out, "<tr>"), out
}

// marker stands for the user text in the reference rendering.
const marker = "Zqxj"

func checkEscapes(t *testing.T, s string) {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" || strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f
	}) {
		t.Skip("the server refuses text that is not UTF-8, empty titles and control characters")
	}
	for _, lang := range []string{openspace.LangFR, openspace.LangEN} {
		for _, format := range []recap.Format{recap.Jekyll, recap.Hugo} {
			md := recap.Render(texts(lang, s), format)
			for _, tag := range []string{"{{", "{%"} {
				if strings.Contains(md, tag) {
					t.Fatalf("%q: the Markdown holds the template tag %s:\n%s", s, tag, md)
				}
			}
			// The front matter is the recap's own: user text stays in its quotes.
			fm := md[:strings.Index(md[4:], "\n---\n")+5]
			for _, line := range strings.Split(fm, "\n")[1:] {
				if line != "---" && line != "" && !regexp.MustCompile(`^ {0,2}[a-z]+:( |$)`).MatchString(line) {
					t.Fatalf("%q: a front matter line that is not ours: %q", s, line)
				}
			}
			// The same headings as with a plain word, the user text as typed.
			gotH, gotRows, out := structure(t, md)
			wantH, wantRows, _ := structure(t, recap.Render(texts(lang, marker), format))
			for i := range wantH {
				wantH[i] = strings.ReplaceAll(wantH[i], marker, strings.Join(strings.Fields(s), " "))
			}
			if !slices.Equal(gotH, wantH) || gotRows != wantRows {
				t.Fatalf("%q changes the structure:\nheadings %q\nwant     %q\nrows %d, want %d\n%s\n%s", s, gotH, wantH, gotRows, wantRows, md, out)
			}
			for _, m := range tagRe.FindAllStringSubmatch(out, -1) {
				if !slices.Contains(allowed, strings.ToLower(m[2])) {
					t.Fatalf("%q makes a <%s> (link or HTML):\n%s", s, m[2], out)
				}
			}
			if strings.Contains(out, "raw HTML omitted") || attrRe.MatchString(out) {
				t.Fatalf("%q makes raw HTML or a link:\n%s", s, out)
			}
			// A topic's row shows its title as typed, on one line.
			words := strings.Join(strings.Fields(s+" t3"), " ")
			found := false
			for _, m := range cellRe.FindAllStringSubmatch(out, -1) {
				if strings.Join(strings.Fields(html.UnescapeString(m[1])), " ") == words {
					found = true
				}
			}
			if !found {
				t.Fatalf("%q: no table cell shows the title %q:\n%s", s, words, out)
			}
		}
	}
}

// TestEscapes is FuzzRecapEscapes' seeds, run by go test.
func TestEscapes(t *testing.T) {
	for _, s := range hostile {
		t.Run("", func(t *testing.T) { checkEscapes(t, s) })
	}
}

// FuzzRecapEscapes checks that no user text adds a heading or a table row,
// a link, HTML or a template tag to the recap, whatever it holds.
func FuzzRecapEscapes(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(checkEscapes)
}
