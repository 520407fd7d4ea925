package openspace

// AttendeeSummary is one line of the organizer's list of attendees: who
// they are, how many topics they proposed and how many dots they put, so
// that a flood stands out.
type AttendeeSummary struct {
	Attendee
	Topics int `json:"topics"` // topics they proposed
	Votes  int `json:"votes"`  // dots they put
	// Link: they have an active personal link, or browsers signed in
	// through one.
	Link bool `json:"link"`
}

// RemovedAttendee says what removing an attendee took with them: the
// topics they proposed, gone, and the topics whose count lost their dot.
type RemovedAttendee struct {
	RemovedTopics []string `json:"removed_topics"`
	ChangedTopics []string `json:"changed_topics"`
}
