package openspace

// Caps on what one event may hold. A script creates identities and topics
// far faster than any room of people does: without a cap, one script put
// 6,093 topics of 2,000 characters on an event in 20 s and the public state
// that every phone downloads grew to 13.7 MB. Each cap is far above what a
// real evening reaches and is hit by a script within seconds, so that the
// organizer's remedies (removing an attendee, many topics at once, closing
// joining) are enough to clean up.
const (
	// MaxTopicsPerAttendee: in an open space a person proposes one topic,
	// two at most; ten is never reached by a person.
	MaxTopicsPerAttendee = 10
	// MaxTopicsPerEvent: the largest grid (MaxSessions × MaxRooms) is
	// bigger, but a real evening places a few dozen topics; 300 topics of
	// the longest text keep the public state under 700 KB (about 2.3 KB
	// each), where the flood made 13.7 MB. The organizer's own topics count
	// too: the cap is on what every phone downloads.
	MaxTopicsPerEvent = 300
	// MaxAttendeesPerEvent: rooms hold at most MaxRoomCapacity people, and
	// the attendees do not enlarge what phones download (only their count
	// does), so the cap bounds the file and the lists the organizer reads.
	MaxAttendeesPerEvent = 10000
)

// CheckTopicCaps says whether one more topic may be created, given how many
// the event has and how many the proposer has proposed (byOrganizer: the
// organizer's topics have no proposer and only the event's cap applies).
func CheckTopicCaps(eventTopics, proposerTopics int, byOrganizer bool) error {
	if eventTopics >= MaxTopicsPerEvent {
		return Errorf(ECONFLICT, "This event already has %d topics, the most it can hold: the organizer can remove some.", MaxTopicsPerEvent)
	}
	if !byOrganizer && proposerTopics >= MaxTopicsPerAttendee {
		return Errorf(ECONFLICT, "You have already proposed %d topics, the most one person can.", MaxTopicsPerAttendee)
	}
	return nil
}

// CanJoin says whether a new person may join: the organizer may close
// joining (a device that already joined stays in), and an event holds at
// most MaxAttendeesPerEvent people.
func CanJoin(e Event, attendees int) error {
	if e.JoiningClosed {
		return Errorf(ECONFLICT, "This event no longer accepts new attendees: ask the organizer.")
	}
	if attendees >= MaxAttendeesPerEvent {
		return Errorf(ECONFLICT, "This event already has %d attendees, the most it can hold.", MaxAttendeesPerEvent)
	}
	return nil
}
