package openspace

import (
	"cmp"
	"strings"
	"time"
)

// Topic is a proposed discussion subject. Votes is the number of attendees
// who put a dot on it; the store keeps it in step with the votes.
type Topic struct {
	ID          string   `json:"id"`
	EventID     string   `json:"event_id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Host        string   `json:"host"`                  // who proposed it, as they want to be named
	ProposerID  string   `json:"proposer_id,omitempty"` // attendee ID; empty when the organizer added it
	Needs       []string `json:"needs,omitempty"`       // equipment the room must have
	// HostSessions lists the only sessions (IDs, in event order) its host
	// can run it in; empty means any. An ID whose session the organizer
	// deleted since stays here and counts for nothing (AvailableIn).
	HostSessions []string  `json:"host_sessions,omitempty"`
	Votes        int       `json:"votes"`
	CreatedAt    time.Time `json:"created_at"`
}

// TopicInput is what a proposer or the organizer writes about a topic.
type TopicInput struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Host        string   `json:"host"`
	Needs       []string `json:"needs"`
	// HostSessions: "I can only host in …", session IDs; empty is any.
	HostSessions []string `json:"host_sessions"`
}

// Normalize trims the fields and cleans the equipment list.
func (in *TopicInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Host = strings.TrimSpace(in.Host)
	in.Needs = normalizeWords(in.Needs)
	in.HostSessions = normalizeIDs(in.HostSessions)
}

// normalizeIDs trims and de-duplicates a list of IDs, keeping their order;
// an empty list is nil.
func normalizeIDs(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Validate reports the first rule the input breaks.
func (in *TopicInput) Validate() error {
	if err := validateLine("title", in.Title, MaxTitleLen, true); err != nil {
		return err
	}
	if err := validateText("description", in.Description, MaxTextLen, false); err != nil {
		return err
	}
	if err := validateLine("host", in.Host, MaxNameLen, false); err != nil {
		return err
	}
	if len(in.Needs) > MaxEquipment {
		return Errorf(EINVALID, "At most %d pieces of equipment.", MaxEquipment)
	}
	for _, n := range in.Needs {
		if err := validateLine("equipment", n, MaxNameLen, true); err != nil {
			return err
		}
	}
	if len(in.HostSessions) > MaxSessions {
		return Errorf(EINVALID, "A host can be available in at most %d sessions.", MaxSessions)
	}
	return nil
}

// FitSessions checks the host's sessions against the event's and puts
// them in the event's order. An unknown ID is EINVALID: the phone offers
// only the event's sessions, so it is a deleted session or a typo.
func (in *TopicInput) FitSessions(e Event) error {
	if len(in.HostSessions) == 0 {
		in.HostSessions = nil
		return nil
	}
	want := map[string]bool{}
	for _, id := range in.HostSessions {
		if _, ok := e.Session(id); !ok {
			// The id means nothing to the person who ticked it.
			return Errorf(EINVALID, "A session you chose is no longer in this event (it may have been removed): choose again the sessions the host can be in.")
		}
		want[id] = true
	}
	ordered := make([]string, 0, len(want))
	for _, s := range e.Sessions {
		if want[s.ID] {
			ordered = append(ordered, s.ID)
		}
	}
	in.HostSessions = ordered
	return nil
}

// AvailableIn is the sessions of the event the topic may run in, as its
// host said: nil when they did not restrict it, or when every session they
// named has since been deleted (nothing left to honour, so any session).
func (t Topic) AvailableIn(e Event) []string {
	var out []string
	for _, id := range t.HostSessions {
		if _, ok := e.Session(id); ok {
			out = append(out, id)
		}
	}
	return out
}

// Apply returns the topic with the input's fields.
func (t Topic) Apply(in TopicInput) Topic {
	t.Title, t.Description, t.Host, t.Needs = in.Title, in.Description, in.Host, in.Needs
	t.HostSessions = in.HostSessions
	return t
}

// CanPropose says whether a topic may be proposed now. The organizer may
// always add one; attendees only while proposals are open.
func CanPropose(e Event, byOrganizer bool) error {
	if !byOrganizer && !e.ProposalsOpen {
		return Errorf(EPHASE, "Proposals are closed.")
	}
	return nil
}

// Fits says whether a room has every piece of equipment the topic needs.
func (t Topic) Fits(r Room) bool {
	for _, need := range t.Needs {
		found := false
		for _, eq := range r.Equipment {
			if eq == need {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// CompareTopics is the order of topics on every screen: most votes first,
// then the oldest, then by ID so that the order is total. The browser
// mirrors it in assets/static/live.js.
func CompareTopics(a, b Topic) int {
	if c := cmp.Compare(b.Votes, a.Votes); c != 0 {
		return c
	}
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
