package openspace

import (
	"strings"
	"time"
)

// Attendee is a person who joined an event from their device. No account:
// the device keeps a random token whose hash the store maps to this record.
type Attendee struct {
	ID       string    `json:"id"`
	EventID  string    `json:"event_id"`
	Name     string    `json:"name"`   // optional display name
	Answer   string    `json:"answer"` // answer to the event's question, may be empty
	JoinedAt time.Time `json:"joined_at"`
}

// JoinInput is what a person sends to join an event.
type JoinInput struct {
	Name   string `json:"name"`
	Answer string `json:"answer"`
}

// Normalize trims the fields.
func (in *JoinInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Answer = strings.TrimSpace(in.Answer)
}

// Validate checks the join input against the event's question.
func (in *JoinInput) Validate(e Event) error {
	if err := validateLine("name", in.Name, MaxNameLen, false); err != nil {
		return err
	}
	return e.ValidateAnswer(in.Answer)
}

// Attendance is the live head count and the split of answers to the
// question ("50/50 devs and ops"). Profiles counts attendees per answer;
// those who did not answer are counted under "".
type Attendance struct {
	Count    int            `json:"count"`
	Profiles map[string]int `json:"profiles"`
}
