package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"openspace/openspace"
)

type linkAnswer struct {
	URL       string    `json:"url"`
	QR        string    `json:"qr"`
	CreatedAt time.Time `json:"created_at"`
}

// token is the link's secret, the last part of its address.
func (l linkAnswer) token() string { return l.URL[strings.LastIndex(l.URL, "/")+1:] }

// path is the link's address on the test server.
func (l linkAnswer) path() string { return "/l/" + l.token() }

type meAnswer struct {
	Attendee openspace.Attendee      `json:"attendee"`
	Ballot   openspace.Ballot        `json:"ballot"`
	Link     *openspace.PersonalLink `json:"link"`
}

func (e *idemEvening) me(t *testing.T, c *client) meAnswer {
	t.Helper()
	var me meAnswer
	c.do("GET", e.path("/me"), nil).decode(t, http.StatusOK, &me)
	return me
}

func (e *idemEvening) newLink(t *testing.T, c *client) linkAnswer {
	t.Helper()
	var l linkAnswer
	r := c.do("POST", e.path("/me/link"), nil)
	r.decode(t, http.StatusCreated, &l)
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("the link's answer: Cache-Control %q, want no-store", got)
	}
	return l
}

// openLink opens the link in a browser: it must be signed in and sent to
// the event's page.
func (e *idemEvening) openLink(t *testing.T, browser *client, l linkAnswer) {
	t.Helper()
	r := browser.do("GET", l.path(), nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/e/"+e.id {
		t.Fatalf("GET %s: %d, Location %q; want 303 to /e/%s", l.path(), r.status, r.header.Get("Location"), e.id)
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("the link's redirect: Cache-Control %q, want no-store", got)
	}
}

// wantDeadLink checks that the link is an HTML 404 page, in French and
// English.
func wantDeadLink(t *testing.T, e *idemEvening, l linkAnswer) {
	t.Helper()
	r := e.newClient(t).do("GET", l.path(), nil)
	if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Errorf("GET %s: %d %s, want a 404 page", l.path(), r.status, r.header.Get("Content-Type"))
	}
	if !strings.Contains(string(r.body), "Ce lien personnel n’est pas (ou plus) valide") || !strings.Contains(string(r.body), "This personal link is not (or no longer) valid") {
		t.Errorf("the dead link's page: %s", r.body)
	}
}

// TestPersonalLinkActsAsTheSameAttendee: a second browser given Ada's
// personal link is Ada: the same attendee, ballot and budget. A vote on
// it shows on her first phone; the link is 256 random bits, shown once,
// with a QR code, and only its hash is stored.
func TestPersonalLinkActsAsTheSameAttendee(t *testing.T) {
	e := newIdemEvening(t)
	if me := e.me(t, e.ada); me.Link != nil {
		t.Errorf("/me before any link: link %+v, want null", me.Link)
	}
	l := e.newLink(t, e.ada)
	if !strings.HasPrefix(l.URL, e.URL+"/l/") {
		t.Errorf("link %q, want it under %s/l/", l.URL, e.URL)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(l.token()); err != nil || len(raw) != 32 {
		t.Errorf("link token %q: %d bytes (%v), want 32 base64url bytes", l.token(), len(raw), err)
	}
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(l.QR, "data:image/png;base64,"))
	if !strings.HasPrefix(l.QR, "data:image/png;base64,") || err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("qr %.60q…: want a PNG data: URL", l.QR)
	}
	if l.CreatedAt.IsZero() {
		t.Error("the link has no created_at")
	}

	laptop := e.newClient(t)
	e.openLink(t, laptop, l)
	onLaptop, onPhone := e.me(t, laptop), e.me(t, e.ada)
	if onLaptop.Attendee.ID != e.adaID || !reflect.DeepEqual(onLaptop.Ballot, onPhone.Ballot) {
		t.Errorf("the laptop is %s with %+v; want Ada (%s) with her ballot %+v", onLaptop.Attendee.ID, onLaptop.Ballot, e.adaID, onPhone.Ballot)
	}
	var b openspace.Ballot
	laptop.do("PUT", e.path("/topics/"+e.kanban+"/vote"), nil).decode(t, http.StatusOK, &b)
	onPhone = e.me(t, e.ada)
	if want := []string{e.puppet, e.kanban}; !reflect.DeepEqual(onPhone.Ballot.Topics, want) || onPhone.Ballot.Remaining != e.dotBudget-2 {
		t.Errorf("the phone's ballot after a vote on the laptop: %+v, want %v and %d left", onPhone.Ballot, want, e.dotBudget-2)
	}
	if onPhone.Link == nil || onPhone.Link.Devices != 1 || !onPhone.Link.CreatedAt.Equal(l.CreatedAt) {
		t.Errorf("/me link = %+v, want created %v, 1 device", onPhone.Link, l.CreatedAt)
	}

	// The laptop opening the link again keeps its device.
	e.openLink(t, laptop, l)
	if me := e.me(t, e.ada); me.Link == nil || me.Link.Devices != 1 {
		t.Errorf("after the laptop opened the link again: %+v, want 1 device", me.Link)
	}

	var list struct {
		Attendees []openspace.AttendeeSummary `json:"attendees"`
	}
	e.org.do("GET", e.path("/attendees"), nil).decode(t, http.StatusOK, &list)
	for _, row := range list.Attendees {
		if want := row.ID == e.adaID; row.Link != want {
			t.Errorf("attendee %s: link %v, want %v", row.Name, row.Link, want)
		}
	}

	dump := fileDump(t, e.app)
	sum := sha256.Sum256([]byte(l.token()))
	hashed := false
	for k, v := range dump {
		if strings.Contains(k, l.token()) || strings.Contains(v, l.token()) {
			t.Errorf("the store holds the link itself, in %s", k)
		}
		hashed = hashed || strings.Contains(k, string(sum[:]))
	}
	if !hashed {
		t.Error("the store lacks the link's SHA-256")
	}
}

// TestRevokedLinkStopsAtOnce: Ada revokes her link from the phone she
// joined with: the link is a 404 page at once, the browsers that came in
// through it are signed out, her phone goes on. Revoked from a browser
// that came through the link, that browser stays signed in.
func TestRevokedLinkStopsAtOnce(t *testing.T) {
	e := newIdemEvening(t)
	l := e.newLink(t, e.ada)
	laptop, tablet := e.newClient(t), e.newClient(t)
	e.openLink(t, laptop, l)
	e.openLink(t, tablet, l)

	if r := e.ada.do("DELETE", e.path("/me/link"), nil); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	wantDeadLink(t, e, l)
	for name, c := range map[string]*client{"laptop": laptop, "tablet": tablet} {
		if r := c.do("GET", e.path("/me"), nil); r.status != http.StatusUnauthorized {
			t.Errorf("the %s after the revocation: /me %d %s, want 401", name, r.status, r.body)
		}
		if r := c.do("PUT", e.path("/topics/"+e.kanban+"/vote"), nil); r.status != http.StatusUnauthorized {
			t.Errorf("the %s votes after the revocation: %d, want 401", name, r.status)
		}
	}
	if me := e.me(t, e.ada); me.Attendee.ID != e.adaID || me.Link != nil {
		t.Errorf("Ada's phone after the revocation: %+v, want Ada, link null", me)
	}

	// From a browser that came through a new link: it stays, the others go.
	l2 := e.newLink(t, e.ada)
	laptop, tablet = e.newClient(t), e.newClient(t)
	e.openLink(t, laptop, l2)
	e.openLink(t, tablet, l2)
	laptop.do("DELETE", e.path("/me/link"), nil).decode(t, http.StatusNoContent, nil)
	wantDeadLink(t, e, l2)
	if me := e.me(t, laptop); me.Attendee.ID != e.adaID {
		t.Errorf("the laptop that revoked is %s, want Ada", me.Attendee.ID)
	}
	if r := tablet.do("GET", e.path("/me"), nil); r.status != http.StatusUnauthorized {
		t.Errorf("the tablet: /me %d, want 401", r.status)
	}
	e.me(t, e.ada)
}

// TestOrganizerRevokesAnAttendeesLinks: the organizer ends an attendee's
// link and signs out every browser that came through one; the device they
// joined from goes on. An unknown attendee is a 404.
func TestOrganizerRevokesAnAttendeesLinks(t *testing.T) {
	e := newIdemEvening(t)
	l := e.newLink(t, e.ada)
	laptop := e.newClient(t)
	e.openLink(t, laptop, l)

	e.org.do("DELETE", e.path("/attendees/"+e.adaID+"/link"), nil).decode(t, http.StatusNoContent, nil)
	wantDeadLink(t, e, l)
	if r := laptop.do("GET", e.path("/me"), nil); r.status != http.StatusUnauthorized {
		t.Errorf("the laptop after the organizer revoked: /me %d, want 401", r.status)
	}
	e.me(t, e.ada)
	var list struct {
		Attendees []openspace.AttendeeSummary `json:"attendees"`
	}
	e.org.do("GET", e.path("/attendees"), nil).decode(t, http.StatusOK, &list)
	for _, row := range list.Attendees {
		if row.Link {
			t.Errorf("attendee %s still has a link", row.Name)
		}
	}

	before := fileDump(t, e.app)
	r := e.org.do("DELETE", e.path("/attendees/no-such-attendee/link"), nil)
	if r.status != http.StatusNotFound || r.errorCode(t) != openspace.ENOTFOUND {
		t.Errorf("unknown attendee: %d %s, want 404 not_found", r.status, r.body)
	}
	if r := e.ada.do("DELETE", e.path("/attendees/"+e.bobID+"/link"), nil); r.status != http.StatusUnauthorized {
		t.Errorf("an attendee revoking another's link: %d, want 401", r.status)
	}
	if r := e.newClient(t).do("POST", e.path("/me/link"), nil); r.status != http.StatusUnauthorized {
		t.Errorf("a link without having joined: %d, want 401", r.status)
	}
	if !reflect.DeepEqual(fileDump(t, e.app), before) {
		t.Error("refused link requests changed the store")
	}
}

// TestNewLinkReplacesTheOld: a second link ends the first at once; the
// browsers that came through the first stay signed in.
func TestNewLinkReplacesTheOld(t *testing.T) {
	e := newIdemEvening(t)
	first := e.newLink(t, e.ada)
	laptop := e.newClient(t)
	e.openLink(t, laptop, first)
	second := e.newLink(t, e.ada)
	if second.token() == first.token() {
		t.Fatal("the new link is the old one")
	}
	wantDeadLink(t, e, first)
	tablet := e.newClient(t)
	e.openLink(t, tablet, second)
	for _, c := range []*client{laptop, tablet} {
		if me := e.me(t, c); me.Attendee.ID != e.adaID {
			t.Errorf("a browser is %s, want Ada", me.Attendee.ID)
		}
	}
	if me := e.me(t, e.ada); me.Link == nil || me.Link.Devices != 2 || !me.Link.CreatedAt.Equal(second.CreatedAt) {
		t.Errorf("/me link = %+v, want the second link's date and 2 devices", me.Link)
	}
}
