package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"

	"openspace/openspace"
)

// evening is an event to create through the API before a browser test
// looks at it: its set-up, who joins, what they propose and vote for, and
// optionally a grid, published or not. Everything happens in the order
// given, so the topics' order (votes, then creation) is known.
type evening struct {
	setup   openspace.EventSetup
	people  []person
	topics  []proposal
	votes   []ballot
	grid    [][]string // grid[session][room] is a topic title; "" leaves the cell empty
	publish bool
}

type person struct{ name, answer string }

type proposal struct {
	by, title, host string // by: the name of the person who proposes it
	needs           []string
}

type ballot struct {
	by     string
	topics []string // titles
}

// parisDevOps is the seed's evening: thirty people, half devs and half
// ops, two sessions of three topics in three rooms, the votes spread so
// that Continuous Delivery is everyone's and the rest varies, the grid
// published.
func parisDevOps() evening {
	e := evening{
		setup: openspace.EventSetup{
			Title: "2ème meetup Paris DevOps", Date: "2026-11-26", Venue: "Paris", Language: "fr",
			Sessions: []openspace.Session{{Title: "1ère session", Start: "19:30", Duration: 30}, {Title: "2ème session", Start: "20:05", Duration: 30}},
			Rooms: []openspace.Room{{Name: "Grande salle", Capacity: 14, Equipment: []string{"screen"}},
				{Name: "Salle du fond", Capacity: 10}, {Name: "Cuisine", Capacity: 8}},
			Question: &openspace.Question{Prompt: "Vous êtes ?", Choices: []string{"Dev", "Ops", "Autre"}},
		},
		publish: true,
	}
	titles := []string{"Puppet : retours d'expérience", "Capistrano / Fabric", "Continuous Delivery",
		"Confluence, Jira et compagnie", "Migrations de base SQL", "Feature flags vs feature branches"}
	for i := range 30 {
		answer := []string{"Dev", "Ops"}[i%2]
		if i == 29 {
			answer = "Autre"
		}
		e.people = append(e.people, person{name: seedNames[i], answer: answer})
	}
	for i, title := range titles {
		e.topics = append(e.topics, proposal{by: e.people[i].name, title: title, host: e.people[i].name})
	}
	for i, p := range e.people {
		b := ballot{by: p.name}
		for _, k := range []int{2, i % 6, (i / 3) % 5} {
			if !slices.Contains(b.topics, titles[k]) {
				b.topics = append(b.topics, titles[k])
			}
		}
		e.votes = append(e.votes, b)
	}
	e.grid = [][]string{titles[:3], titles[3:]}
	return e
}

// seedNames are the thirty people of the seed's evening.
var seedNames = []string{
	"Alice", "Bruno", "Chloé", "David", "Émilie", "François", "Gaëlle", "Hugo", "Inès", "Julien",
	"Karim", "Laura", "Mathieu", "Nadia", "Olivier", "Pauline", "Quentin", "Rachid", "Sophie", "Thomas",
	"Ursula", "Victor", "Wendy", "Xavier", "Yasmine", "Zoé", "Antoine", "Béatrice", "Cédric", "Dounia",
}

// seeded is an event that seedEvening created, with what a test needs to
// act in it through the API.
type seeded struct {
	base         string
	event        openspace.Event
	id, code     string
	organizerURL string      // the link with the key, as the organizer got it
	organizer    http.Header // X-Organizer-Key
	people       map[string]attendee
	topics       map[string]string // title → id
}

type attendee struct{ id, token string }

// seedEvening creates the evening e on the app at base.
func seedEvening(tb testing.TB, base string, e evening) *seeded {
	tb.Helper()
	var created struct {
		Event        openspace.Event `json:"event"`
		OrganizerKey string          `json:"organizer_key"`
		OrganizerURL string          `json:"organizer_url"`
	}
	apiCall(tb, base, nil, "POST", "/api/events", e.setup, &created)
	s := &seeded{
		base: base, event: created.Event, id: created.Event.ID, code: created.Event.JoinCode,
		organizerURL: created.OrganizerURL,
		organizer:    http.Header{"X-Organizer-Key": {created.OrganizerKey}},
		people:       map[string]attendee{}, topics: map[string]string{},
	}
	// The evening votes while topics still come in: voting opens beside
	// proposals (a new event opens with proposals only).
	apiCall(tb, base, s.organizer, "PATCH", "/api/events/"+s.id+"/phases", map[string]any{"voting_open": true}, &s.event)
	for _, p := range e.people {
		s.join(tb, p.name, p.answer)
	}
	for _, p := range e.topics {
		s.propose(tb, p)
	}
	for _, b := range e.votes {
		s.vote(tb, b.by, b.topics...)
	}
	for i, row := range e.grid {
		for j, title := range row {
			if title != "" {
				s.place(tb, title, i, j)
			}
		}
	}
	if e.publish {
		apiCall(tb, base, s.organizer, "POST", s.path("/publish"), nil, nil)
	}
	return s
}

func (s *seeded) path(p string) string { return "/api/events/" + s.id + p }

// as is the Authorization header of a person who joined.
func (s *seeded) as(tb testing.TB, name string) http.Header {
	tb.Helper()
	a, ok := s.people[name]
	if !ok {
		tb.Fatalf("%s has not joined", name)
	}
	return http.Header{"Authorization": {"Bearer " + a.token}}
}

// join makes a person join (their name, their answer to the question).
func (s *seeded) join(tb testing.TB, name, answer string) attendee {
	tb.Helper()
	if _, ok := s.people[name]; ok {
		tb.Fatalf("%s joins twice", name)
	}
	var joined struct {
		Attendee struct {
			ID string `json:"id"`
		} `json:"attendee"`
		Token string `json:"token"`
	}
	apiCall(tb, s.base, nil, "POST", s.path("/join"), map[string]string{"name": name, "answer": answer}, &joined)
	a := attendee{id: joined.Attendee.ID, token: joined.Token}
	s.people[name] = a
	return a
}

// propose adds a topic, proposed by someone who joined.
func (s *seeded) propose(tb testing.TB, p proposal) openspace.Topic {
	tb.Helper()
	var topic openspace.Topic
	apiCall(tb, s.base, s.as(tb, p.by), "POST", s.path("/topics"), map[string]any{
		"title": p.title, "host": p.host, "needs": p.needs,
	}, &topic)
	s.topics[p.title] = topic.ID
	return topic
}

// topic is the id of a topic, by title.
func (s *seeded) topic(tb testing.TB, title string) string {
	tb.Helper()
	id, ok := s.topics[title]
	if !ok {
		tb.Fatalf("no topic %q (topics: %v)", title, s.topics)
	}
	return id
}

// vote puts one of a person's dots on each topic, by title.
func (s *seeded) vote(tb testing.TB, by string, titles ...string) {
	tb.Helper()
	for _, title := range titles {
		apiCall(tb, s.base, s.as(tb, by), "PUT", s.path("/topics/"+s.topic(tb, title)+"/vote"), nil, nil)
	}
}

// place puts a topic in the draft grid, by the session's and room's index.
func (s *seeded) place(tb testing.TB, title string, session, room int) {
	tb.Helper()
	op := map[string]string{"op": "place", "topic": s.topic(tb, title),
		"session": s.event.Sessions[session].ID, "room": s.event.Rooms[room].ID}
	apiCall(tb, s.base, s.organizer, "POST", s.path("/draft/ops"), op, nil)
}

// state is the event as every screen sees it; topics created elsewhere
// (from a phone) are learnt by title.
func (s *seeded) state(tb testing.TB) openspace.State {
	tb.Helper()
	var st openspace.State
	apiCall(tb, s.base, nil, "GET", s.path(""), nil, &st)
	for _, tp := range st.Topics {
		s.topics[tp.Title] = tp.ID
	}
	return st
}

// apiCall sends one JSON request to the app and decodes the answer into
// out (when not nil); any status from 300 up fails the test.
func apiCall(tb testing.TB, base string, header http.Header, method, path string, body, out any) {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		tb.Fatalf("%s %s: status %d: %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			tb.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
}
