package store

import (
	"bytes"

	"openspace/openspace"
)

// notesOf reads the notes of every topic of the event: topic ID → notes.
// Topics nobody wrote about are absent.
func (t *txn) notesOf(eventID string) (map[string]openspace.Notes, error) {
	out := map[string]openspace.Notes{}
	prefix := []byte(eventID + sep)
	c := t.notes.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var n openspace.Notes
		if err := decode(k, v, &n); err != nil {
			return nil, err
		}
		out[n.Topic] = n
	}
	return out, nil
}
