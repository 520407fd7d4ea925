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
	real := link.URL[strings.Index(link.URL, "/l/"):]

	fake := "/l/" + strings.Repeat("A", 43)
	for i := range secretFailBurst {
		if rec := a.do("198.51.100.7", "GET", fake, "", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("made-up link %d: %d, want 404", i, rec.Code)
		}
	}
	rec = a.do("198.51.100.7", "GET", fake, "", nil)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("made-up link past the burst: %d, Retry-After %q; want 429", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := a.do("198.51.100.7", "GET", real, "", nil); rec.Code != http.StatusSeeOther {
		t.Errorf("the real link from the same address: %d %s, want 303", rec.Code, rec.Body)
	}
	if rec := a.do("203.0.113.9", "GET", fake, "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("a made-up link from another address: %d, want 404", rec.Code)
	}
}
