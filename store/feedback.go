package store

import (
	"bytes"

	"openspace/openspace"
)

// feedbackOf reads every attendee's feedback on the event, in attendee ID
// order.
func (t *txn) feedbackOf(eventID string) ([]openspace.Feedback, error) {
	var out []openspace.Feedback
	prefix := []byte(eventID + sep)
	c := t.feedback.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var f openspace.Feedback
		if err := decode(k, v, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
