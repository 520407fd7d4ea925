package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUnknownLinkCountsAsAFailedSecret: a made-up personal link is a 404
// page and spends the address's failed-secret meter, as a wrong device
// token does; once the meter is empty, made-up links are refused (429)
// before they are looked up, while a real link still signs its browser in.
// The limiter's clock stands still: no failure is forgiven meanwhile.
func TestUnknownLinkCountsAsAFailedSecret(t *testing.T) {
	a := newLimitsApp(t)
	_, real := adaWithALink(t, a)

	fake := "/l/" + strings.Repeat("A", 43)
	for i := range secretFailBurst {
		if rec := a.do("198.51.100.7", "GET", fake, "", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("made-up link %d: %d, want 404", i, rec.Code)
		}
	}
	rec := a.do("198.51.100.7", "GET", fake, "", nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("made-up link past the burst: %d, Retry-After %q; want 429", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := a.do("198.51.100.7", "POST", real, "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the real link from the same address: %d %s, want 303", rec.Code, rec.Body)
	}
	if rec := a.do("203.0.113.9", "GET", fake, "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a made-up link from another address: %d, want 404", rec.Code)
	}
}

// TestLinkSignInsSpendTheJoinsBucket: each sign-in through a link creates
// a device, so it draws on the address's joins bucket like a join; a
// script repeating it is refused once the room's burst is spent.
func TestLinkSignInsSpendTheJoinsBucket(t *testing.T) {
	a := newLimitsApp(t)
	_, real := adaWithALink(t, a)
	for i := range joinBurst {
		if rec := a.do("198.51.100.8", "POST", real, "", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign-in %d: %d, want 303", i+1, rec.Code)
		}
	}
	if rec := a.do("198.51.100.8", "POST", real, "", nil); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("sign-in past the burst: %d, Retry-After %q; want 429", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := a.do("203.0.113.9", "POST", real, "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("a sign-in from another address: %d, want 303", rec.Code)
	}
}

// TestLinkDevicesShareTheirPersonsWriteBucket: the write limit is a
// person's, not a device's; signing in more browsers through links does
// not buy more writes.
func TestLinkDevicesShareTheirPersonsWriteBucket(t *testing.T) {
	a := newLimitsApp(t)
	phone, linkPath := adaWithALink(t, a)
	rec := a.do("192.0.2.3", "POST", linkPath, "", nil)
	laptop := ""
	for _, c := range rec.Result().Cookies() {
		laptop = c.Value
	}
	if rec.Code != http.StatusSeeOther || laptop == "" {
		t.Fatalf("sign-in through the link: %d, no device cookie", rec.Code)
	}
	// The link spent one write; the rest of the burst goes to both devices.
	for i := range personWriteBurst - 1 {
		token := []string{phone, laptop}[i%2]
		if rec := a.do("192.0.2.2", "PUT", a.path("/topics/none/vote"), "", bearer(token)); rec.Code == http.StatusTooManyRequests {
			t.Fatalf("write %d: 429 within the person's burst", i+1)
		}
	}
	for name, token := range map[string]string{"phone": phone, "laptop": laptop} {
		if rec := a.do("192.0.2.2", "PUT", a.path("/topics/none/vote"), "", bearer(token)); rec.Code != http.StatusTooManyRequests {
			t.Errorf("%s past the person's burst: %d, want 429", name, rec.Code)
		}
	}
}

// adaWithALink joins Ada from 192.0.2.2 and makes her personal link; it
// returns her device token and the link's path.
func adaWithALink(t *testing.T, a *limitsApp) (token, linkPath string) {
	t.Helper()
	token, rec := a.join("192.0.2.2", "Ada")
	if token == "" {
		t.Fatalf("join: %d %s", rec.Code, rec.Body)
	}
	rec = a.do("192.0.2.2", "POST", a.path("/me/link"), "", bearer(token))
	var link struct {
		URL string `json:"url"`
	}
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &link) != nil {
		t.Fatalf("link: %d %s", rec.Code, rec.Body)
	}
	return token, link.URL[strings.Index(link.URL, "/l/"):]
}
