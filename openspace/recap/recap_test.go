package recap_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openspace/openspace"
	"openspace/openspace/recap"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixture is a played evening: the seed's, with notes and feedback.
func fixture(lang string) recap.Evening {
	ev := openspace.Event{
		Title: "2ème meetup Paris DevOps", Date: "2026-12-03", Venue: "Paris", Language: lang,
		Sessions: []openspace.Session{{ID: "s1", Title: "1ère session", Start: "19:30", Duration: 30},
			{ID: "s2", Title: "2ème session", Start: "20:05", Duration: 30}},
		Rooms: []openspace.Room{{ID: "r1", Name: "Grande salle", Capacity: 14},
			{ID: "r2", Name: "Salle du fond", Capacity: 10}, {ID: "r3", Name: "Cuisine", Capacity: 8}},
		Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops", "Autre"}},
		Intro:    "C’est ma 1ère participation à un meetup du *Paris DevOps*.\n\nBref, on arrive un peu en retard, mais on est bien accueilli.",
	}
	return recap.Evening{
		Event:      ev,
		Attendance: openspace.Attendance{Count: 31, Profiles: map[string]int{"Dev": 15, "Ops": 14, "Autre": 1, "": 1}},
		Topics: []openspace.Topic{
			{ID: "t3", Title: "Continuous Delivery", Votes: 24, Host: "Chloé", Description: "Déploiement continu : où en êtes-vous ?"},
			{ID: "t1", Title: "Puppet : retours d'expérience", Votes: 14, Host: "Alice"},
			{ID: "t2", Title: "Capistrano / Fabric", Votes: 11, Host: "Bruno"},
			{ID: "t5", Title: "Migrations de base SQL", Votes: 9},
			{ID: "t4", Title: "Confluence, Jira et compagnie", Votes: 6, Host: "David", Description: "Les outils de gestion de projet.\nLequel choisir ?"},
			{ID: "t6", Title: "Feature flags vs feature branches", Votes: 1, Host: "François"},
		},
		Plan: &openspace.Plan{Cells: []openspace.Cell{
			{Session: "s1", Room: "r1", Topic: "t1", Expected: 13},
			{Session: "s1", Room: "r2", Topic: "t2", Expected: 9},
			{Session: "s1", Room: "r3", Topic: "t4", Expected: 6},
			{Session: "s2", Room: "r1", Topic: "t3", Expected: 14},
			{Session: "s2", Room: "r2", Topic: "t5", Expected: 8},
		}},
		Headcounts: openspace.Headcounts{"s1": {"r1": 14, "r2": 8, "r3": 5}, "s2": {"r1": 16, "r2": 7}},
		Notes: map[string]openspace.Notes{
			"t1": {Topic: "t1", Text: "Un committer Puppet était là pour répondre aux questions.\n\n- Puppet ne répondra pas à **tous** nos besoins\n- la discussion dérive vers le déploiement applicatif",
				Takeaways: []string{"Commencer petit : un module par service", "Tester les manifests en CI"}},
			"t3": {Topic: "t3", Text: "Où l’on se rend compte qu’on a tous les mêmes problèmes : migrations SQL, environnements…",
				Takeaways: []string{"Feature flags plutôt que feature branches"}},
		},
		Feedback: []openspace.Feedback{
			{Attendee: "a1", Evening: 5, Topics: map[string]int{"t1": 5, "t3": 4}, Worked: "Rencontrer d’autres devs et ops"},
			{Attendee: "a2", Evening: 4, Topics: map[string]int{"t1": 4, "t3": 5}, Blocked: "Pas de PC pour une démo de Puppet"},
			{Attendee: "a3", Evening: 4, Topics: map[string]int{"t2": 3}, Worked: "Les retours d’expérience", Blocked: "30 minutes, c’est court"},
			{Attendee: "a4", Evening: 3},
		},
	}
}

// TestGolden renders the fixture evening in French and in English and
// compares it with testdata/ (go test -run TestGolden -update rewrites it).
func TestGolden(t *testing.T) {
	for _, tt := range []struct {
		lang   string
		format recap.Format
		file   string
	}{
		{openspace.LangFR, recap.Jekyll, "evening-fr.md"},
		{openspace.LangEN, recap.Jekyll, "evening-en.md"},
		{openspace.LangFR, recap.Hugo, "evening-fr-hugo.md"},
	} {
		got := recap.Render(fixture(tt.lang), tt.format)
		path := filepath.Join("testdata", tt.file)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the rendering; got:\n%s", path, got)
		}
	}
}

func TestFrenchReadsLikeFrench(t *testing.T) {
	md := recap.Render(fixture(openspace.LangFR), recap.Jekyll)
	for _, want := range []string{
		"Le 3 décembre 2026, à Paris, nous étions 31.",
		"À la question « Vous êtes ? », 15 ont répondu « Dev », 14 « Ops » et 1 « Autre » ; 1 n’a pas répondu.",
		"6 sujets ont été proposés et 65 votes exprimés.",
		"| Feature flags vs feature branches | 1 | François | non programmé |",
		"- **Feature flags vs feature branches** (1 vote, proposé par François)",
		"### 1ère session — 19h30, 30 minutes",
		"La soirée a obtenu un ROTI moyen de 4,0 sur 5 (4 avis).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("French recap lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"(1 votes)", " 1 votes", "\"", "Recap", "\n1 votes"} {
		if strings.Contains(recap.Body(md), bad) {
			t.Errorf("French recap has %q", bad)
		}
	}
	ev := fixture(openspace.LangFR)
	ev.Event.Date = "2026-12-01"
	if md := recap.Render(ev, recap.Jekyll); !strings.Contains(md, "Le 1er décembre 2026") {
		t.Errorf("the first of the month is not « 1er »:\n%s", md)
	}
}

func TestEnglish(t *testing.T) {
	md := recap.Render(fixture(openspace.LangEN), recap.Jekyll)
	for _, want := range []string{
		`title: "Recap: 2ème meetup Paris DevOps"`,
		"On December 3, 2026, in Paris, there were 31 of us.",
		"Asked “Vous êtes ?”, 15 answered “Dev”, 14 “Ops” and 1 “Autre”; 1 did not answer.",
		"6 topics were proposed and 65 votes cast.",
		"### 1ère session — 7:30 PM, 30 minutes",
		"(1 vote, proposed by François)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("English recap lacks %q:\n%s", want, md)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	ev := fixture(openspace.LangFR)
	jekyll := recap.Render(ev, recap.Jekyll)
	for _, want := range []string{"---\nlayout: post\ntitle: \"Compte-rendu : 2ème meetup Paris DevOps\"\ndate: 2026-12-03\n",
		"categories: [meetup, compte-rendu]\ntags: [open-space]\npublished: true\nvenue: \"Paris\"\nattendees: 31\n"} {
		if !strings.Contains(jekyll, want) {
			t.Errorf("Jekyll front matter lacks %q:\n%s", want, jekyll)
		}
	}
	hugo := recap.Render(ev, recap.Hugo)
	if !strings.Contains(hugo, "draft: false\nparams:\n  venue: \"Paris\"\n  attendees: 31\n") || strings.Contains(hugo, "published:") || strings.Contains(hugo, "layout:") {
		t.Errorf("Hugo front matter:\n%s", hugo[:strings.Index(hugo, "## ")])
	}
	if _, err := recap.ParseFormat("wordpress"); openspace.ErrorCode(err) != openspace.EINVALID {
		t.Errorf("ParseFormat(wordpress) = %v, want invalid", err)
	}
}

func TestAnEmptyEvening(t *testing.T) {
	for _, lang := range []string{openspace.LangFR, openspace.LangEN} {
		ev := recap.Evening{Event: openspace.Event{Title: "Rien", Language: lang}}
		md := recap.Render(ev, recap.Jekyll)
		if strings.Contains(md, "## Le programme") || strings.Contains(md, "## The schedule") || strings.Contains(md, "|") {
			t.Errorf("an evening with nothing shows a grid or a table:\n%s", md)
		}
	}
}

func TestDraftStandsIn(t *testing.T) {
	ev := fixture(openspace.LangFR)
	ev.Draft, ev.Plan = ev.Plan, nil
	if md := recap.Render(ev, recap.Jekyll); !strings.Contains(md, "Programme provisoire") || !strings.Contains(md, "| Grande salle | Puppet : retours d'expérience | 14 | — |") {
		t.Errorf("the draft does not stand in, marked:\n%s", md)
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ lang, want string }{
		{openspace.LangFR, "« 2ème meetup Paris DevOps », le 3 décembre 2026 à Paris : un open space, donc pas de programme écrit à l’avance, les sujets viennent de la salle. Nous étions 31 et 6 sujets ont été proposés ; voici ce qui s’en est dit, session par session."},
		{openspace.LangEN, "“2ème meetup Paris DevOps”, on December 3, 2026 in Paris: an open space, so no agenda written in advance; the topics come from the room. There were 31 of us and 6 topics were proposed; here is what was said, session by session."},
	}
	for _, tt := range tests {
		if got := recap.Suggest(fixture(tt.lang)); got != tt.want {
			t.Errorf("Suggest(%s) =\n%s\nwant\n%s", tt.lang, got, tt.want)
		}
	}
}

func TestValidateIntro(t *testing.T) {
	if err := recap.ValidateIntro(strings.Repeat("é", recap.MaxIntroLen)); err != nil {
		t.Errorf("5,000 characters refused: %v", err)
	}
	for _, bad := range []string{strings.Repeat("a", recap.MaxIntroLen+1), "a\x00b", "\xff"} {
		if openspace.ErrorCode(recap.ValidateIntro(bad)) != openspace.EINVALID {
			t.Errorf("ValidateIntro(%.20q) accepted", bad)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Capistrano / Fabric", "Capistrano / Fabric"},
		{"C'est l'été, 30 min. 3.5", "C'est l'été, 30 min. 3.5"},
		{"Dev & Ops", "Dev & Ops"},
		{"*x*", `\*x\*`},
		{"# titre", `\# titre`},
		{"2012. année", `2012\. année`},
		{"a\nb", "a b"},
		{"<b>", `\<b\>`},
		{"{{ x }} {% y %}", `\{\{ x \}\} \{\% y %\}`},
		{"see http://x.com or www.y.org, a@b.c", `see http\://x.com or www\.y.org, a\@b.c`},
	}
	for _, tt := range tests {
		if got := recap.EscapeMarkdown(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
