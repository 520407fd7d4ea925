package openspace

import "time"

// ROTI (return on time invested) is a mark from 1 (wasted my time) to 5
// (worth much more than the time I gave); 0 means not given.
const (
	MinROTI = 1
	MaxROTI = 5
)

// Feedback is one attendee's word on the evening, given in the wrap-up and
// changeable until the event closes.
type Feedback struct {
	Attendee  string         `json:"attendee"`
	Evening   int            `json:"evening"` // ROTI of the evening, 0 when not given
	Topics    map[string]int `json:"topics"`  // topic ID → ROTI, for topics they attended
	Worked    string         `json:"worked"`  // what worked
	Blocked   string         `json:"blocked"` // what blocked
	UpdatedAt time.Time      `json:"updated_at,omitzero"`
}
