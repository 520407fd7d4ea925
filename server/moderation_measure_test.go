package server_test

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestModerationMeasureFlood measures how big the public state grows when
// one attendee posts 2,000-character topics as fast as the server lets them
// for OPENSPACE_MEASURE_SECONDS (default 20). It runs only with
// OPENSPACE_MEASURE=1: it is a measurement, not a promise (the promise is
// TestModerationTopicCaps).
func TestModerationMeasureFlood(t *testing.T) {
	if os.Getenv("OPENSPACE_MEASURE") == "" {
		t.Skip("set OPENSPACE_MEASURE=1 to measure")
	}
	seconds := 20
	if v, err := strconv.Atoi(os.Getenv("OPENSPACE_MEASURE_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	a := newApp(t)
	_, ev := a.createEvent(t)
	spammer, _ := a.join(t, ev.Event.ID, "spam", "")
	desc := strings.Repeat("x", 2000)
	created, refused := 0, 0
	for end := time.Now().Add(time.Duration(seconds) * time.Second); time.Now().Before(end); {
		r := spammer.do("POST", "/api/events/"+ev.Event.ID+"/topics", map[string]string{"title": "spam " + strconv.Itoa(created+refused), "description": desc})
		if r.status == http.StatusCreated {
			created++
		} else {
			refused++
		}
	}
	r := a.newClient(t).do("GET", "/api/events/"+ev.Event.ID, nil)
	t.Logf("in %d s: %d topics created, %d refused; public state %d bytes", seconds, created, refused, len(r.body))
}
