package openspace

import (
	"strings"
	"time"
)

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

// FeedbackInput is what an attendee sends in the wrap-up: the whole of
// their feedback, which replaces what they gave before.
type FeedbackInput struct {
	Evening int            `json:"evening"`
	Topics  map[string]int `json:"topics"`
	Worked  string         `json:"worked"`
	Blocked string         `json:"blocked"`
}

// Normalize trims the texts and drops the topics left without a mark.
func (in *FeedbackInput) Normalize() {
	in.Worked = strings.TrimSpace(in.Worked)
	in.Blocked = strings.TrimSpace(in.Blocked)
	topics := map[string]int{}
	for id, r := range in.Topics {
		if r != 0 {
			topics[id] = r
		}
	}
	in.Topics = topics
}

// Validate reports the first rule the input breaks: marks are 0 (not
// given) or 1–5, texts at most MaxTextLen characters, and only topics in
// attended (the topics the attendee attended) may be marked.
func (in *FeedbackInput) Validate(attended map[string]bool) error {
	if !validROTI(in.Evening) {
		return Errorf(EINVALID, "A ROTI is a mark from %d to %d.", MinROTI, MaxROTI)
	}
	for id, r := range in.Topics {
		if !attended[id] {
			return Errorf(EINVALID, "You can only rate the topics you attended.")
		}
		if !validROTI(r) {
			return Errorf(EINVALID, "A ROTI is a mark from %d to %d.", MinROTI, MaxROTI)
		}
	}
	if err := validateText("what worked", in.Worked, MaxTextLen, false); err != nil {
		return err
	}
	return validateText("what blocked", in.Blocked, MaxTextLen, false)
}

func validROTI(r int) bool { return r == 0 || (r >= MinROTI && r <= MaxROTI) }

// Feedback returns the stored feedback of an attendee for the input.
func (in FeedbackInput) Feedback(attendeeID string, at time.Time) Feedback {
	topics := map[string]int{}
	for id, r := range in.Topics {
		topics[id] = r
	}
	return Feedback{Attendee: attendeeID, Evening: in.Evening, Topics: topics,
		Worked: in.Worked, Blocked: in.Blocked, UpdatedAt: at}
}

// MyFeedback is what an attendee's feedback form needs: their feedback
// (nil before they gave any) and the topics they may mark, in session
// order.
type MyFeedback struct {
	Feedback *Feedback `json:"feedback"`
	Topics   []string  `json:"topics"`
}

// FeedbackEntry is one attendee's feedback with their display name, for
// the organizer.
type FeedbackEntry struct {
	Feedback
	Name string `json:"name"`
}

// FeedbackReport is everything the organizer sees of the feedback: every
// entry, latest first, and the summary of the marks.
type FeedbackReport struct {
	Feedback []FeedbackEntry `json:"feedback"`
	Summary  ROTISummary     `json:"summary"`
}

// ROTISummary counts the marks for screens, without any text: Evening[i]
// is how many gave the evening i+1, Topics[id][i] the same per topic, and
// Count how many attendees gave any feedback.
type ROTISummary struct {
	Evening [MaxROTI]int            `json:"evening"`
	Topics  map[string][MaxROTI]int `json:"topics"`
	Count   int                     `json:"count"`
}

// SummarizeROTI counts the marks of every feedback; marks out of range
// (none are stored) are left out.
func SummarizeROTI(list []Feedback) ROTISummary {
	s := ROTISummary{Topics: map[string][MaxROTI]int{}}
	for _, f := range list {
		s.Count++
		if validROTI(f.Evening) && f.Evening != 0 {
			s.Evening[f.Evening-1]++
		}
		for id, r := range f.Topics {
			if validROTI(r) && r != 0 {
				c := s.Topics[id]
				c[r-1]++
				s.Topics[id] = c
			}
		}
	}
	return s
}

// Average is the mean of a histogram of marks 1–5, 0 when it is empty.
func Average(h [MaxROTI]int) float64 {
	n, sum := 0, 0
	for i, c := range h {
		n += c
		sum += c * (i + 1)
	}
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}
