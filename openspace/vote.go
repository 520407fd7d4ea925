package openspace

// Ballot is one attendee's dots: the topics they voted for and what is left.
type Ballot struct {
	Budget    int      `json:"budget"`
	Topics    []string `json:"topics"` // topic IDs, in the order voted
	Remaining int      `json:"remaining"`
}

// NewBallot builds a ballot; Remaining is never negative, even when the
// organizer lowered the budget after dots were spent.
func NewBallot(budget int, topics []string) Ballot {
	if topics == nil {
		topics = []string{}
	}
	remaining := budget - len(topics)
	if remaining < 0 {
		remaining = 0
	}
	return Ballot{Budget: budget, Topics: topics, Remaining: remaining}
}

// Has reports whether the ballot holds a dot on the topic.
func (b Ballot) Has(topicID string) bool {
	for _, id := range b.Topics {
		if id == topicID {
			return true
		}
	}
	return false
}

// CheckVote says whether the attendee may put a dot on the topic now.
// Voting twice for the same topic while voting is open is not an error and
// changes nothing (a retry on bad Wi-Fi must not fail), so callers check
// CheckVotingOpen, then Has, then CheckVote.
func CheckVote(e Event, b Ballot) error {
	if !e.VotingOpen {
		return Errorf(EPHASE, "Voting is closed.")
	}
	if len(b.Topics) >= e.DotBudget {
		return Errorf(EBUDGET, "You have no dots left: remove one to vote for this topic.")
	}
	return nil
}

// CheckVotingOpen says whether dots may be put or taken back now; it comes
// before any other check, so that a closed vote always says so.
func CheckVotingOpen(e Event) error {
	if !e.VotingOpen {
		return Errorf(EPHASE, "Voting is closed.")
	}
	return nil
}

// MergeVoters unites the voters of two topics: a person who voted for both
// counts once, and gets the other dot back.
func MergeVoters(target, source []string) []string {
	seen := make(map[string]bool, len(target)+len(source))
	out := make([]string, 0, len(target)+len(source))
	for _, list := range [][]string{target, source} {
		for _, id := range list {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}
