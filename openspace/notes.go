package openspace

import "time"

// Notes is what the people in a topic wrote about it, together: Markdown
// text and a list of takeaways. Version counts the edits the server
// accepted; an edit names the version it started from so that concurrent
// edits are merged, never silently overwritten (see MergeNotes).
type Notes struct {
	Topic     string    `json:"topic"`
	Text      string    `json:"text"` // Markdown
	Takeaways []string  `json:"takeaways"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}
