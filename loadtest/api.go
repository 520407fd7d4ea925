package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"openspace/openspace"
)

// api speaks the app's HTTP API as a phone and an organizer do.
type api struct {
	base string // http://host:port
	sp   *spread
}

// answer is one response: its status, body and Retry-After.
type answer struct {
	status int
	body   []byte
	retry  time.Duration
	header http.Header
}

func (a *api) do(ctx context.Context, client *http.Client, method, path string, body []byte, h http.Header) (answer, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	ans := answer{status: resp.StatusCode, body: data, header: resp.Header, retry: time.Second}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		ans.retry = time.Duration(s) * time.Second
	}
	return ans, nil
}

// retryable is an answer worth sending again after a while: the server is
// busy or limits the caller.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// event is one event the driver set up: its ID, organizer key and topics.
type event struct {
	id, orgKey string
	topics     *topicIndex
}

// createEvent makes an event already in its voting phase with n topics,
// in one request: POST /api/events/import of an export built here. A
// topic per request would take the organizer's write bucket (10 a second)
// half a minute for 300 topics.
func (a *api) createEvent(ctx context.Context, client *http.Client, title string, n int) (*event, error) {
	now := time.Now().UTC().Truncate(time.Second)
	x := openspace.EventExport{
		Version: openspace.ExportVersion, ExportedAt: now,
		Event: openspace.Event{
			ID: "load", Title: title, Language: "en", DotBudget: dotBudget, PitchSeconds: 30,
			Sessions: []openspace.Session{{ID: "s1", Title: "Session 1", Duration: 30}},
			Rooms:    []openspace.Room{{ID: "r1", Name: "Hall", Capacity: 10000}},
			Phase:    "voting", VotingOpen: true, CreatedAt: now,
		},
		Attendees: []openspace.Attendee{}, Votes: []openspace.ExportVote{},
		Draft: openspace.Plan{Cells: []openspace.Cell{}}, Seats: []openspace.Seat{}, Checkins: []openspace.CheckinItem{},
		Notes: []openspace.Notes{}, Feedback: []openspace.Feedback{},
	}
	for i := range n {
		x.Topics = append(x.Topics, openspace.Topic{ID: fmt.Sprintf("t%d", i+1), EventID: "load",
			Title: fmt.Sprintf("Topic %d", i+1), CreatedAt: now.Add(time.Duration(i) * time.Millisecond)})
	}
	body, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	var ans answer
	for attempt := 0; ; attempt++ {
		ans, err = a.do(ctx, client, "POST", "/api/events/import", body, nil)
		if err != nil {
			return nil, fmt.Errorf("create an event: %w", err)
		}
		if !retryable(ans.status) || attempt == 5 {
			break
		}
		time.Sleep(ans.retry)
	}
	if ans.status != http.StatusCreated {
		return nil, fmt.Errorf("create an event: %d %s", ans.status, ans.body)
	}
	var created struct {
		Event        struct{ ID string } `json:"event"`
		OrganizerKey string              `json:"organizer_key"`
	}
	if err := json.Unmarshal(ans.body, &created); err != nil {
		return nil, fmt.Errorf("create an event: %w", err)
	}
	ev := &event{id: created.Event.ID, orgKey: created.OrganizerKey}
	// The import gives every topic a new ID: read them back.
	ans, err = a.do(ctx, client, "GET", "/api/events/"+ev.id, nil, nil)
	if err != nil || ans.status != http.StatusOK {
		return nil, fmt.Errorf("read the new event: %v %d %s", err, ans.status, ans.body)
	}
	var st struct {
		Topics []struct{ ID string } `json:"topics"`
	}
	if err := json.Unmarshal(ans.body, &st); err != nil {
		return nil, err
	}
	ids := make([]string, len(st.Topics))
	for i, t := range st.Topics {
		ids[i] = t.ID
	}
	if len(ids) != n {
		return nil, fmt.Errorf("the new event has %d topics, not %d", len(ids), n)
	}
	ev.topics = newTopicIndex(ids)
	return ev, nil
}

// storedVotes reads the public state's votes per topic.
func (a *api) storedVotes(ctx context.Context, client *http.Client, ev *event) (map[string]int32, int, error) {
	ans, err := a.do(ctx, client, "GET", "/api/events/"+ev.id, nil, nil)
	if err != nil || ans.status != http.StatusOK {
		return nil, 0, fmt.Errorf("read the event: %v %d %s", err, ans.status, ans.body)
	}
	var st wireBody
	if err := json.Unmarshal(ans.body, &st); err != nil {
		return nil, 0, err
	}
	out := map[string]int32{}
	for _, t := range st.Topics {
		out[t.ID] = t.Votes
	}
	count := 0
	if st.Attendance != nil {
		count = st.Attendance.Count
	}
	return out, count, nil
}

// metric reads one sample of a Prometheus text exposition at /metrics, for
// a server the driver did not start; ok is false when there is none.
func (a *api) metric(ctx context.Context, client *http.Client, name string) (float64, bool) {
	ans, err := a.do(ctx, client, "GET", "/metrics", nil, nil)
	if err != nil || ans.status != http.StatusOK {
		return 0, false
	}
	for _, line := range strings.Split(string(ans.body), "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return v, err == nil
		}
	}
	return 0, false
}
