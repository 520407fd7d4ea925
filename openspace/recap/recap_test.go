package recap_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"openspace/openspace"
	"openspace/openspace/recap"
)

func recapState() openspace.State {
	ev := openspace.Event{
		Title: "2ème meetup Paris DevOps", Date: "2012-11-22", Venue: "Paris", Language: "fr",
		Sessions: []openspace.Session{{ID: "s1", Title: "1ère session", Start: "19:30", Duration: 30}, {ID: "s2", Title: "2ème session", Duration: 30}},
		Rooms:    []openspace.Room{{ID: "r1", Name: "Grande salle", Capacity: 14}, {ID: "r2", Name: "Cuisine", Capacity: 8}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops"}},
	}
	return openspace.State{
		Event:      ev,
		Attendance: openspace.Attendance{Count: 4, Profiles: map[string]int{"Dev": 2, "Ops": 2}},
		Topics: []openspace.Topic{
			{ID: "t1", Title: "Puppet", Votes: 3, Host: "Philippe"},
			{ID: "t2", Title: "Continuous Delivery", Votes: 4},
			{ID: "t3", Title: "Jira", Votes: 1},
		},
		Plan: &openspace.Plan{Cells: []openspace.Cell{{Session: "s1", Room: "r1", Topic: "t1"}, {Session: "s2", Room: "r1", Topic: "t2"}}},
	}
}

func TestRenderContent(t *testing.T) {
	md := recap.Render(recapState())
	for _, want := range []string{
		"---\nlayout: post\n",
		`title: "Compte-rendu : 2ème meetup Paris DevOps"`,
		"date: 2012-11-22",
		"categories: [meetup, compte-rendu]",
		"4 participants",
		"- Dev : 2 (50 %)",
		"- Ops : 2 (50 %)",
		"| Continuous Delivery | 4 |",
		"### 1ère session (19:30, 30 min)",
		"- **Puppet** — Grande salle (3 votes)",
		"- **Continuous Delivery** — Grande salle (4 votes)",
		"### Sujets non programmés\n\n- Jira (1)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("recap lacks %q; got:\n%s", want, md)
		}
	}
	// Topics appear most-voted first.
	if i, j := strings.Index(md, "| Continuous Delivery"), strings.Index(md, "| Puppet"); i > j {
		t.Errorf("topic table not sorted by votes:\n%s", md)
	}
}

func TestRenderEnglish(t *testing.T) {
	st := recapState()
	st.Event.Language = openspace.LangEN
	md := recap.Render(st)
	for _, want := range []string{`title: "Recap: 2ème meetup Paris DevOps"`, "categories: [meetup, recap]", "4 attendees", "## The schedule", "- Dev: 2 (50%)"} {
		if !strings.Contains(md, want) {
			t.Errorf("English recap lacks %q", want)
		}
	}
}

// TestRenderEscapes renders the recap with a CommonMark engine and
// checks that hostile titles come out as text, not markup.
func TestRenderEscapes(t *testing.T) {
	st := recapState()
	st.Event.Title = "Evil\" title\nlayout: hacked"
	st.Topics[0].Title = `<script>alert(1)</script> **bold** [x](http://evil)`
	st.Topics[1].Title = "- list | pipe"
	st.Topics[2].Title = "1. {{< shortcode >}} {% liquid %}"
	md := recap.Render(st)

	frontMatter := md[:strings.Index(md[4:], "---")+4]
	if strings.Contains(frontMatter, "\nlayout: hacked") {
		t.Errorf("title broke out of the front matter:\n%s", frontMatter)
	}
	for _, bad := range []string{"{{<", "{%"} {
		if strings.Contains(md, bad) {
			t.Errorf("recap keeps template syntax %q", bad)
		}
	}
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(md[len(frontMatter)+4:]), &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	for _, bad := range []string{"<script>", "<strong>bold", `href="http://evil"`} {
		if strings.Contains(out, bad) {
			t.Errorf("user text became markup %q in:\n%s", bad, out)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt; **bold** [x](http://evil)", "- list | pipe"} {
		if !strings.Contains(out, want) {
			t.Errorf("user text %q not shown literally in:\n%s", want, out)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Capistrano / Fabric", "Capistrano / Fabric"},
		{"C'est l'été, 30 min.", "C'est l'été, 30 min."},
		{"*x*", `\*x\*`},
		{"# titre", `\# titre`},
		{"2012. année", `2012\. année`},
		{"a\nb", "a b"},
		{"<b>", `\<b\>`},
	}
	for _, tt := range tests {
		if got := recap.EscapeMarkdown(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRenderOnePerson(t *testing.T) {
	st := recapState()
	st.Attendance = openspace.Attendance{Count: 1, Profiles: map[string]int{"Dev": 1}}
	tests := []struct{ lang, want string }{{openspace.LangFR, "1 participant,"}, {openspace.LangEN, "1 attendee,"}}
	for _, tt := range tests {
		st.Event.Language = tt.lang
		if md := recap.Render(st); !strings.Contains(md, tt.want) {
			t.Errorf("%s recap lacks %q:\n%s", tt.lang, tt.want, md)
		}
	}
}
