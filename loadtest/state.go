package loadtest

import (
	"fmt"
	"slices"
	"strings"
)

// wireMessage is the part of a stream message the driver reads: the type,
// the version and, of the state or the patch, only the attendance count
// and the topics' IDs and votes. Everything else is skipped unread.
type wireMessage struct {
	Type    string    `json:"type"`
	Epoch   string    `json:"epoch"`
	Version int64     `json:"version"`
	State   *wireBody `json:"state"`
	Patch   *wireBody `json:"patch"`
}

type wireBody struct {
	Attendance    *wireAttendance `json:"attendance"`
	Topics        []wireTopic     `json:"topics"`
	RemovedTopics []string        `json:"removed_topics"`
}

type wireAttendance struct {
	Count int `json:"count"`
}

type wireTopic struct {
	ID    string `json:"id"`
	Votes int32  `json:"votes"`
}

// topicIndex numbers an event's topic IDs so that each client keeps its
// counts in a small slice instead of a map of its own. Read-only once
// built, shared by every client of the event.
type topicIndex struct {
	ids []string
	pos map[string]int
}

func newTopicIndex(ids []string) *topicIndex {
	x := &topicIndex{ids: ids, pos: make(map[string]int, len(ids))}
	for i, id := range ids {
		x.pos[id] = i
	}
	return x
}

// view is one client's picture of the event: its snapshot with every
// patch applied in order, the way the page keeps it.
type view struct {
	idx        *topicIndex
	started    bool
	epoch      string
	version    int64
	attendance int
	votes      []int32          // by topic index; -1: no such topic on this screen
	extra      map[string]int32 // topics the index does not know (created during the run)

	snapshots int // snapshots applied, the first one included
	gaps      int // patches whose version was not the next one, or of another epoch
	stale     int // patches at or below the version already applied (a duplicate)
}

func newView(idx *topicIndex) *view {
	v := &view{idx: idx, votes: make([]int32, len(idx.ids))}
	for i := range v.votes {
		v.votes[i] = -1
	}
	return v
}

// outcome says what apply did with a message.
type outcome int

const (
	applied  outcome = iota
	ignored          // not a state message, or an old patch the page drops
	needSync         // a gap: the state is no longer known until a snapshot
)

// apply folds one message into the view. A snapshot replaces everything;
// a patch must be the next version of the same epoch: a gap or another
// epoch is counted and leaves the view as it was (the page asks for a
// resync), an older version is counted and dropped.
func (v *view) apply(m *wireMessage) outcome {
	switch m.Type {
	case "snapshot":
		v.started, v.epoch, v.version = true, m.Epoch, m.Version
		v.snapshots++
		for i := range v.votes {
			v.votes[i] = -1
		}
		v.extra = nil
		v.attendance = 0
		if m.State != nil {
			v.merge(m.State)
		}
		return applied
	case "patch":
		switch {
		case !v.started:
			v.gaps++
			return needSync
		case m.Epoch != v.epoch || m.Version > v.version+1:
			v.gaps++
			return needSync
		case m.Version <= v.version:
			v.stale++
			return ignored
		}
		v.version = m.Version
		if m.Patch != nil {
			v.merge(m.Patch)
		}
		return applied
	}
	return ignored
}

func (v *view) merge(b *wireBody) {
	if b.Attendance != nil {
		v.attendance = b.Attendance.Count
	}
	for _, t := range b.Topics {
		v.set(t.ID, t.Votes)
	}
	for _, id := range b.RemovedTopics {
		v.set(id, -1)
	}
}

func (v *view) set(id string, votes int32) {
	if i, ok := v.idx.pos[id]; ok {
		v.votes[i] = votes
		return
	}
	if votes < 0 {
		delete(v.extra, id)
		return
	}
	if v.extra == nil {
		v.extra = map[string]int32{}
	}
	v.extra[id] = votes
}

// topics lists the topics this view holds with their votes, sorted by ID.
func (v *view) topics() []wireTopic {
	var out []wireTopic
	for i, n := range v.votes {
		if n >= 0 {
			out = append(out, wireTopic{ID: v.idx.ids[i], Votes: n})
		}
	}
	for id, n := range v.extra {
		out = append(out, wireTopic{ID: id, Votes: n})
	}
	slices.SortFunc(out, func(a, b wireTopic) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// diff says how v differs from want (a fresh snapshot), "" when it does
// not: the epoch and version, the attendance, every topic and its votes.
func (v *view) diff(want *view) string {
	var d []string
	if !v.started {
		return "never received a snapshot"
	}
	if v.epoch != want.epoch || v.version != want.version {
		d = append(d, fmt.Sprintf("at version %d of epoch %q, the server at %d of %q", v.version, v.epoch, want.version, want.epoch))
	}
	if v.attendance != want.attendance {
		d = append(d, fmt.Sprintf("attendance %d, the server %d", v.attendance, want.attendance))
	}
	got, exp := v.topics(), want.topics()
	i, j := 0, 0
	for i < len(got) || j < len(exp) {
		switch {
		case j == len(exp) || (i < len(got) && got[i].ID < exp[j].ID):
			d = append(d, fmt.Sprintf("topic %s not on the server", got[i].ID))
			i++
		case i == len(got) || exp[j].ID < got[i].ID:
			d = append(d, fmt.Sprintf("topic %s missing", exp[j].ID))
			j++
		default:
			if got[i].Votes != exp[j].Votes {
				d = append(d, fmt.Sprintf("topic %s has %d votes, the server %d", got[i].ID, got[i].Votes, exp[j].Votes))
			}
			i++
			j++
		}
	}
	if len(d) > 3 {
		d = append(d[:3], fmt.Sprintf("and %d more differences", len(d)-3))
	}
	return strings.Join(d, "; ")
}
