package openspace

import (
	"slices"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

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

// TopicNotes is the notes of an event's topics by topic ID; topics
// nobody wrote about are absent.
type TopicNotes map[string]Notes

// Limits of the notes of one topic.
const (
	MaxNotesLen     = 20000 // characters of text
	MaxTakeaways    = 30
	MaxTakeawayLen  = 200
	maxNotesVersion = 1 << 40
)

// NotesEdit is one save of a topic's notes from an editor: the whole text
// and list as the editor has them, and the version they started from.
type NotesEdit struct {
	BaseVersion int      `json:"base_version"`
	Text        string   `json:"text"`
	Takeaways   []string `json:"takeaways"`
	// Lang words the conflict markers (LangFR or LangEN): the language of
	// the person who saves, set by the server from the request.
	Lang string `json:"-"`
}

// NotesEditor is who saves notes: the organizer, or an attendee.
type NotesEditor struct {
	AttendeeID string
	Organizer  bool
}

// NotesSaved is the outcome of a save: the stored notes, whether the edit
// was merged with edits saved since its base version, and whether some
// lines were changed on both sides (both versions are then in the text,
// between conflict markers, see MergeNotes).
type NotesSaved struct {
	Notes    Notes `json:"notes"`
	Merged   bool  `json:"merged"`
	Conflict bool  `json:"conflict"`
}

// Normalize writes line breaks as "\n", trims the text and the takeaways
// and drops empty takeaways.
func (in *NotesEdit) Normalize() {
	in.Text = normalizeNotesText(in.Text)
	var out []string
	for _, tk := range in.Takeaways {
		if tk = strings.TrimSpace(tk); tk != "" {
			out = append(out, tk)
		}
	}
	in.Takeaways = out
}

func normalizeNotesText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// Validate reports the first rule the edit breaks.
func (in *NotesEdit) Validate() error {
	if in.BaseVersion < 0 || in.BaseVersion > maxNotesVersion {
		return Errorf(EINVALID, "The base version must be a version of these notes (base_version).")
	}
	return validateNotes(in.Text, in.Takeaways)
}

func validateNotes(text string, takeaways []string) error {
	if err := validateText("notes", text, MaxNotesLen, false); err != nil {
		return err
	}
	if len(takeaways) > MaxTakeaways {
		return Errorf(EINVALID, "At most %d takeaways.", MaxTakeaways)
	}
	for _, tk := range takeaways {
		if err := validateLine("takeaway", tk, MaxTakeawayLen, true); err != nil {
			return err
		}
	}
	return nil
}

// CheckMerged reports whether notes that a merge produced still fit the
// limits: two edits each within them may not be together.
func CheckMerged(text string, takeaways []string) error {
	if err := validateNotes(text, takeaways); err != nil {
		return Errorf(ECONFLICT, "Together with what others saved meanwhile, the notes are too long: shorten them and save again.")
	}
	return nil
}

// ConflictMarkers are the lines MergeNotes puts around the two versions
// of a passage that two people changed at once. Each one starts with
// ConflictMark so that an editor can find them.
type ConflictMarkers struct{ First, Second, End string }

// ConflictMark starts every conflict marker line.
const ConflictMark = "⚠"

// ConflictMarkersIn words the markers in a language (LangFR or LangEN).
func ConflictMarkersIn(lang string) ConflictMarkers {
	if lang == LangFR {
		return ConflictMarkers{
			First:  ConflictMark + " Modifié deux fois en même temps. Première version :",
			Second: ConflictMark + " Deuxième version :",
			End:    ConflictMark + " Fin des deux versions : gardez la bonne, puis effacez l’autre et les lignes " + ConflictMark + ".",
		}
	}
	return ConflictMarkers{
		First:  ConflictMark + " Changed twice at the same time. First version:",
		Second: ConflictMark + " Second version:",
		End:    ConflictMark + " End of the two versions: keep the right one, then delete the other and the " + ConflictMark + " lines.",
	}
}

// MergeNotes merges two edits of the same text line by line (a three-way
// merge): base is the text both started from, theirs the one saved first,
// mine the one that arrives second. Changes to different lines are all
// kept. Where both changed the same lines differently (or added lines at
// the same place), both versions are kept, theirs first, between marker
// lines worded in lang (see ConflictMarkersIn), and conflict is true;
// nothing either wrote is lost. The line diffs are go-diff's.
func MergeNotes(base, mine, theirs, lang string) (merged string, conflict bool) {
	if mine == theirs {
		return mine, false
	}
	if mine == base {
		return theirs, false
	}
	if theirs == base {
		return mine, false
	}
	b, m, th := withEOL(base), withEOL(mine), withEOL(theirs)
	baseLines := splitLines(b)
	hunks := append(lineHunks(b, m, 0), lineHunks(b, th, 1)...)
	slices.SortStableFunc(hunks, func(x, y hunk) int {
		if x.start != y.start {
			return x.start - y.start
		}
		return x.end - y.end
	})
	markers := ConflictMarkersIn(lang)
	var out []string
	pos := 0
	for i := 0; i < len(hunks); {
		// A cluster: hunks that touch each other, from either side.
		cluster := []hunk{hunks[i]}
		start, end := hunks[i].start, hunks[i].end
		j := i + 1
		for ; j < len(hunks); j++ {
			if !slices.ContainsFunc(cluster, func(c hunk) bool { return c.touches(hunks[j]) }) {
				break
			}
			cluster = append(cluster, hunks[j])
			end = max(end, hunks[j].end)
		}
		i = j
		out = append(out, baseLines[pos:start]...)
		pos = end
		mineSide, theirSide := apply(baseLines, start, end, cluster, 0), apply(baseLines, start, end, cluster, 1)
		switch {
		case !sideIn(cluster, 1):
			out = append(out, mineSide...)
		case !sideIn(cluster, 0), slices.Equal(mineSide, theirSide):
			out = append(out, theirSide...)
		default:
			conflict = true
			out = append(out, markers.First+"\n")
			out = append(out, theirSide...)
			out = append(out, markers.Second+"\n")
			out = append(out, mineSide...)
			out = append(out, markers.End+"\n")
		}
	}
	out = append(out, baseLines[pos:]...)
	return strings.TrimSuffix(strings.Join(out, ""), "\n"), conflict
}

// hunk replaces the base lines [start, end) by lines on one side (0: mine,
// 1: theirs); start == end is an insertion before base line start.
type hunk struct {
	start, end int
	lines      []string
	side       int
}

// touches says whether two hunks change overlapping lines or insert at
// the same place: they cannot both apply without a person choosing.
func (h hunk) touches(o hunk) bool {
	return h.start == o.start || h.start < o.end && o.start < h.end
}

func sideIn(hs []hunk, side int) bool {
	return slices.ContainsFunc(hs, func(h hunk) bool { return h.side == side })
}

// apply is the base lines [start, end) with one side's hunks applied.
func apply(base []string, start, end int, hs []hunk, side int) []string {
	out := []string{}
	pos := start
	for _, h := range hs {
		if h.side != side {
			continue
		}
		out = append(out, base[pos:h.start]...)
		out = append(out, h.lines...)
		pos = h.end
	}
	return append(out, base[pos:end]...)
}

// lineHunks diffs base and other line by line with go-diff and returns
// the changes as hunks on base's lines.
func lineHunks(base, other string, side int) []hunk {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact: a bounded text, and a merge must not guess
	r1, r2, lines := dmp.DiffLinesToRunes(base, other)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(r1, r2, false), lines)
	var out []hunk
	pos := 0
	var cur *hunk
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, d := range diffs {
		ls := splitLines(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			pos += len(ls)
		case diffmatchpatch.DiffDelete:
			if cur == nil {
				cur = &hunk{start: pos, end: pos, side: side}
			}
			pos += len(ls)
			cur.end = pos
		case diffmatchpatch.DiffInsert:
			if cur == nil {
				cur = &hunk{start: pos, end: pos, side: side}
			}
			cur.lines = append(cur.lines, ls...)
		}
	}
	flush()
	return out
}

// withEOL ends a non-empty text with a line break, so that every line,
// the last one too, is a whole line.
func withEOL(s string) string {
	if s == "" || strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

// splitLines cuts a text whose lines all end with "\n" into its lines,
// each with its "\n".
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// MergeTakeaways merges two edits of a list of takeaways: the list saved
// first (theirs) in its order, without the ones the second edit (mine)
// removed from base, then the ones mine added, in its order. A takeaway
// both kept, or both added, appears once.
func MergeTakeaways(base, mine, theirs []string) []string {
	out := []string{}
	for _, tk := range theirs {
		if slices.Contains(base, tk) && !slices.Contains(mine, tk) {
			continue // mine removed it
		}
		if !slices.Contains(out, tk) {
			out = append(out, tk)
		}
	}
	for _, tk := range mine {
		if slices.Contains(base, tk) || slices.Contains(out, tk) {
			continue // not new, or already there
		}
		out = append(out, tk)
	}
	return out
}

// CanEditNotes says whether someone may edit a topic's notes: the
// organizer always; an attendee who is in the topic (checked into its room
// in its session, seated in it, or who voted for it) until the event is
// closed.
func CanEditNotes(e Event, who NotesEditor, inTopic bool) error {
	if who.Organizer {
		return nil
	}
	if !inTopic {
		return Errorf(EFORBIDDEN, "Only the people in this topic can edit its notes.")
	}
	if e.Phase == PhaseClosed {
		return Errorf(EPHASE, "The event is closed: its notes can no longer be edited.")
	}
	return nil
}
