package openspace

import (
	"cmp"
	"strings"
	"time"
)

// Topic is a proposed discussion subject. Votes is the number of attendees
// who put a dot on it; the store keeps it in step with the votes.
type Topic struct {
	ID          string    `json:"id"`
	EventID     string    `json:"event_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Host        string    `json:"host"`                  // who proposed it, as they want to be named
	ProposerID  string    `json:"proposer_id,omitempty"` // attendee ID; empty when the organizer added it
	Needs       []string  `json:"needs,omitempty"`       // equipment the room must have
	Votes       int       `json:"votes"`
	CreatedAt   time.Time `json:"created_at"`
}

// TopicInput is what a proposer or the organizer writes about a topic.
type TopicInput struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Host        string   `json:"host"`
	Needs       []string `json:"needs"`
}

// Normalize trims the fields and cleans the equipment list.
func (in *TopicInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Host = strings.TrimSpace(in.Host)
	in.Needs = normalizeWords(in.Needs)
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
	return nil
}

// Apply returns the topic with the input's fields.
func (t Topic) Apply(in TopicInput) Topic {
	t.Title, t.Description, t.Host, t.Needs = in.Title, in.Description, in.Host, in.Needs
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
