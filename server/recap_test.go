package server_test

import (
	"net/http"
	"strings"
	"testing"

	"openspace/openspace"
	"openspace/openspace/recap"
)

func TestRecapIsTheOrganizers(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	topic := org.propose(id, "Puppet <b>")
	org.do("POST", "/api/events/"+id+"/draft/ops", openspace.PlanOp{Op: "place", Topic: topic.ID,
		Session: ev.Event.Sessions[0].ID, Room: ev.Event.Rooms[0].ID}).decode(t, http.StatusOK, nil)
	ada, _ := a.join(t, id, "Ada", "Dev")
	for _, path := range []string{"/recap.md", "/recap.html", "/intro/suggestion"} {
		for _, c := range []*client{a.newClient(t), ada} {
			if got := c.do("GET", "/api/events/"+id+path, nil); got.status != http.StatusUnauthorized {
				t.Errorf("GET %s without the key: status %d, want 401", path, got.status)
			}
		}
	}
	if got := ada.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": "x"}); got.status != http.StatusUnauthorized {
		t.Errorf("PUT /intro by an attendee: status %d, want 401", got.status)
	}

	resp := org.do("GET", "/api/events/"+id+"/recap.md", nil)
	if resp.status != http.StatusOK || resp.header.Get("Content-Type") != "text/markdown; charset=utf-8" {
		t.Fatalf("recap.md: status %d, type %q", resp.status, resp.header.Get("Content-Type"))
	}
	body := string(resp.body)
	for _, want := range []string{"layout: post\n", `title: "Compte-rendu : 2ème meetup Paris DevOps"`, "published: true", `Puppet \<b\>`,
		"Programme provisoire", "| Grande salle | Puppet \\<b\\> |"} {
		if !strings.Contains(body, want) {
			t.Errorf("recap lacks %q:\n%s", want, body)
		}
	}
	hugo := string(org.do("GET", "/api/events/"+id+"/recap.md?format=hugo", nil).body)
	if !strings.Contains(hugo, "draft: false\nparams:\n") || strings.Contains(hugo, "published:") {
		t.Errorf("Hugo recap:\n%s", hugo)
	}
	if got := org.do("GET", "/api/events/"+id+"/recap.md?format=word", nil); got.status != http.StatusBadRequest {
		t.Errorf("?format=word: status %d, want 400", got.status)
	}
}

func TestRecapHTMLIsSandboxed(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	org.propose(id, `<script>alert(1)</script> [x](javascript:alert(1))`)
	org.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": "Bonjour <img src=x onerror=alert(1)> *tout le monde*"}).decode(t, http.StatusOK, nil)
	resp := org.do("GET", "/api/events/"+id+"/recap.html", nil)
	if resp.status != http.StatusOK || !strings.HasPrefix(resp.header.Get("Content-Type"), "text/html") {
		t.Fatalf("recap.html: status %d, type %q", resp.status, resp.header.Get("Content-Type"))
	}
	if got, want := resp.header.Get("Content-Security-Policy"), "default-src 'none'; style-src 'unsafe-inline'"; got != want {
		t.Errorf("CSP %q, want %q", got, want)
	}
	page := string(resp.body)
	for _, bad := range []string{"<script", "<img", "<a ", "href"} {
		if strings.Contains(page, bad) {
			t.Errorf("the preview holds %q:\n%s", bad, page)
		}
	}
	for _, want := range []string{`<html lang="fr">`, "<h1>Compte-rendu : 2ème meetup Paris DevOps</h1>", "<em>tout le monde</em>", "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %q:\n%s", want, page)
		}
	}
}

func TestIntro(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	var got struct {
		Suggestion string `json:"suggestion"`
	}
	org.do("GET", "/api/events/"+id+"/intro/suggestion", nil).decode(t, http.StatusOK, &got)
	if want := "« 2ème meetup Paris DevOps », le 22 novembre 2012 à Paris : un open space"; !strings.HasPrefix(got.Suggestion, want) {
		t.Errorf("suggestion %q, want it to start with %q", got.Suggestion, want)
	}
	var e openspace.Event
	org.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": "  Bienvenue !\n\nSuite.  "}).decode(t, http.StatusOK, &e)
	if e.Intro != "Bienvenue !\n\nSuite." {
		t.Errorf("intro stored as %q", e.Intro)
	}
	if md := string(org.do("GET", "/api/events/"+id+"/recap.md", nil).body); !strings.Contains(md, "---\n\nBienvenue !\n\nSuite.\n\n## En bref") {
		t.Errorf("the recap does not open with the intro:\n%s", md)
	}
	before := a.organizerState(t, id)
	for _, bad := range []string{strings.Repeat("a", 5001), "a\x00"} {
		if resp := org.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": bad}); resp.status != http.StatusBadRequest {
			t.Errorf("intro %.10q: status %d, want 400", bad, resp.status)
		}
	}
	if a.organizerState(t, id) != before {
		t.Error("a refused intro changed the event")
	}
	org.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": strings.Repeat("é", 5000)}).decode(t, http.StatusOK, nil)
}

// TestIntroIsTheOrganizers: the recap's introduction is a draft until the
// organizer posts the recap; no public screen gets it.
func TestIntroIsTheOrganizers(t *testing.T) {
	a := newApp(t)
	org, ev := a.createEvent(t)
	id := ev.Event.ID
	ada, _ := a.join(t, id, "Ada", "Dev")
	conn := a.dialWS(t, id, "", nil)
	snap := readWS(t, conn)
	const intro = "Brouillon : merci à Philippe pour l'accueil."
	org.do("PUT", "/api/events/"+id+"/intro", map[string]string{"intro": intro}).decode(t, http.StatusOK, nil)
	m, _ := readUntil(t, conn, snap.Version, func(m wsMessage) bool { return m.Patch.Event != nil })
	if m.Patch.Event.Intro != "" {
		t.Errorf("the public stream carries the intro %q", m.Patch.Event.Intro)
	}
	for who, c := range map[string]*client{"an attendee": ada, "a stranger": a.newClient(t)} {
		r := c.do("GET", "/api/events/"+id, nil)
		if strings.Contains(string(r.body), "Philippe") {
			t.Errorf("%s reads the intro in the public state", who)
		}
	}
	var st openspace.State
	org.do("GET", "/api/events/"+id+"/organizer", nil).decode(t, http.StatusOK, &st)
	if st.Event.Intro != intro {
		t.Errorf("the organizer's state has intro %q, want %q", st.Event.Intro, intro)
	}
}

// TestRecapHTMLDropsRawHTML: the preview renders Markdown with raw HTML and
// dangerous links left out, whatever reaches goldmark.
func TestRecapHTMLDropsRawHTML(t *testing.T) {
	out, err := recap.HTML("# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n")
	if err != nil {
		t.Fatal(err)
	}
	html := out
	for _, bad := range []string{"<script", "javascript:", "<img", "onerror"} {
		if strings.Contains(html, bad) {
			t.Errorf("the preview HTML holds %q:\n%s", bad, html)
		}
	}
}
