package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestIdempotencyKeysAreForgottenAfterAHundred: an attendee's 101st key
// pushes their first out. The first key can then guard another request;
// the second, still remembered, cannot. The limiter's clock moves a second
// per request, so that 101 writes are never rate limited.
func TestIdempotencyKeysAreForgottenAfterAHundred(t *testing.T) {
	a := newLimitsApp(t)
	a.tick = time.Second
	org := map[string]string{"X-Organizer-Key": a.key}
	if rec := a.do("192.0.2.1", "PATCH", a.path("/phases"), `{"voting_open":true}`, org); rec.Code != http.StatusOK {
		t.Fatalf("open voting: %d %s", rec.Code, rec.Body)
	}
	rec := a.do("192.0.2.1", "POST", a.path("/topics"), `{"title":"Puppet"}`, org)
	var topic struct {
		ID string `json:"id"`
	}
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &topic) != nil {
		t.Fatalf("propose: %d %s", rec.Code, rec.Body)
	}
	token, rec := a.join("192.0.2.2", "Ada")
	if token == "" {
		t.Fatalf("join: %d %s", rec.Code, rec.Body)
	}
	vote := a.path("/topics/" + topic.ID + "/vote")
	keyed := func(k string) map[string]string {
		h := bearer(token)
		h["Idempotency-Key"] = k
		return h
	}
	for i := range 101 { // voting again for the same topic is a success that changes nothing
		if rec := a.do("192.0.2.2", "PUT", vote, "", keyed("k"+strconv.Itoa(i))); rec.Code != http.StatusOK || rec.Header().Get(replayedHeader) != "" {
			t.Fatalf("vote with key %d: %d %s, replayed %q", i, rec.Code, rec.Body, rec.Header().Get(replayedHeader))
		}
	}
	if rec := a.do("192.0.2.2", "DELETE", vote, "", keyed("k1")); rec.Code != http.StatusConflict {
		t.Errorf("the second key on another request: %d %s, want 409 (still remembered)", rec.Code, rec.Body)
	}
	if rec := a.do("192.0.2.2", "DELETE", vote, "", keyed("k0")); rec.Code != http.StatusOK || rec.Header().Get(replayedHeader) != "" {
		t.Errorf("the first key on another request: %d %s, want 200 (forgotten)", rec.Code, rec.Body)
	}
}
