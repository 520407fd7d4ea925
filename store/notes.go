package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"openspace/openspace"
)

// Notes live in the notes bucket: eventID/topicID → openspace.Notes (the
// current version), and eventID/topicID/NNNNNNNNNN → notesRevision, the
// text and takeaways of each of the last keepRevisions versions, so that an
// edit started from an older version merges against the text it started
// from. Version 0 is the empty notes and is never stored.

// keepRevisions is how many past versions of a topic's notes are kept to
// merge against. An edit whose base is older than all of them merges
// against empty notes: every line both sides have is then kept twice
// rather than lost.
const keepRevisions = 50

// notesRevision is one past version of a topic's notes.
type notesRevision struct {
	Text      string   `json:"text"`
	Takeaways []string `json:"takeaways"`
}

func revisionKey(eventID, topicID string, version int) []byte {
	return key(eventID, topicID, fmt.Sprintf("%010d", version))
}

// notesOf reads the notes of every topic of the event: topic ID → notes.
// Topics nobody wrote about are absent. Past revisions are skipped.
func (t *txn) notesOf(eventID string) (map[string]openspace.Notes, error) {
	out := map[string]openspace.Notes{}
	prefix := []byte(eventID + sep)
	c := t.notes.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if bytes.Contains(k[len(prefix):], []byte(sep)) {
			continue // a revision
		}
		var n openspace.Notes
		if err := decode(k, v, &n); err != nil {
			return nil, err
		}
		out[n.Topic] = n
	}
	return out, nil
}

// topicNotes is notesOf without the notes of topics that no longer exist,
// for the state every screen shows; nil when no topic has notes.
func (t *txn) topicNotes(eventID string) (openspace.TopicNotes, error) {
	all, err := t.notesOf(eventID)
	for id := range all {
		if t.topics.Get(key(eventID, id)) == nil {
			delete(all, id)
		}
	}
	if len(all) == 0 {
		return nil, err
	}
	return all, err
}

// notesFor reads one topic's notes; found is false when nobody wrote any.
func (t *txn) notesFor(eventID, topicID string) (n openspace.Notes, found bool, err error) {
	found, err = getJSON(t.notes, key(eventID, topicID), &n)
	if !found || err != nil {
		return openspace.Notes{Topic: topicID, Takeaways: []string{}}, false, err
	}
	if n.Takeaways == nil {
		n.Takeaways = []string{}
	}
	return n, true, nil
}

// notesPatch reads the notes of the topics a change names, once each,
// skipping topics that no longer exist.
func (t *txn) notesPatch(eventID string, ids []string) ([]openspace.Notes, error) {
	var out []openspace.Notes
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] || t.topics.Get(key(eventID, id)) == nil {
			continue
		}
		seen[id] = true
		n, found, err := t.notesFor(eventID, id)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, n)
		}
	}
	return out, nil
}

// Notes reads a topic's notes: version 0 with an empty text when nobody
// wrote any. ENOTFOUND for an unknown event or topic.
func (s *Store) Notes(ctx context.Context, eventID, topicID string) (openspace.Notes, error) {
	return read(ctx, s, func(t *txn) (openspace.Notes, error) {
		if _, err := t.event(eventID); err != nil {
			return openspace.Notes{}, err
		}
		if _, err := t.topic(eventID, topicID); err != nil {
			return openspace.Notes{}, err
		}
		n, _, err := t.notesFor(eventID, topicID)
		return n, err
	})
}

// SaveNotes saves an edit of a topic's notes in one write transaction. The
// organizer may always edit; an attendee only if they are in the topic
// (checked into its room in its session, seated in it, or voted for it),
// else EFORBIDDEN. An edit from the current version replaces the notes;
// one from an older version is merged with what was saved since (see
// openspace.MergeNotes and MergeTakeaways). An edit that changes nothing
// keeps the version; any other bumps it.
func (s *Store) SaveNotes(ctx context.Context, eventID, topicID string, editor openspace.NotesEditor, in openspace.NotesEdit) (openspace.NotesSaved, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return openspace.NotesSaved{}, err
	}
	return write(ctx, s, func(t *txn) (openspace.NotesSaved, error) {
		var out openspace.NotesSaved
		e, err := t.event(eventID)
		if err != nil {
			return out, err
		}
		if _, err := t.topic(eventID, topicID); err != nil {
			return out, err
		}
		inTopic := false
		if !editor.Organizer {
			if _, err := t.attendee(eventID, editor.AttendeeID); err != nil {
				return out, err
			}
			if inTopic, err = t.inTopic(eventID, editor.AttendeeID, topicID); err != nil {
				return out, err
			}
		}
		if err := openspace.CanEditNotes(e, editor, inTopic); err != nil {
			return out, err
		}
		cur, _, err := t.notesFor(eventID, topicID)
		if err != nil {
			return out, err
		}
		if in.BaseVersion > cur.Version {
			return out, openspace.Errorf(openspace.EINVALID, "The base version must be a version of these notes (base_version).")
		}
		text, takeaways := in.Text, in.Takeaways
		if takeaways == nil {
			takeaways = []string{}
		}
		if in.BaseVersion < cur.Version {
			base, err := t.revision(eventID, topicID, in.BaseVersion)
			if err != nil {
				return out, err
			}
			text, out.Conflict = openspace.MergeNotes(base.Text, in.Text, cur.Text, in.Lang)
			takeaways = openspace.MergeTakeaways(base.Takeaways, in.Takeaways, cur.Takeaways)
			if err := openspace.CheckMerged(text, takeaways); err != nil {
				return out, err
			}
			out.Merged = true
		}
		if text == cur.Text && slices.Equal(takeaways, cur.Takeaways) {
			out.Notes = cur // a retry, or nothing new
			return out, nil
		}
		cur.Text, cur.Takeaways = text, takeaways
		cur.Version++
		cur.UpdatedAt = s.now()
		if err := putJSON(t.notes, key(eventID, topicID), cur); err != nil {
			return out, err
		}
		if err := putJSON(t.notes, revisionKey(eventID, topicID, cur.Version), notesRevision{Text: text, Takeaways: takeaways}); err != nil {
			return out, err
		}
		if old := cur.Version - keepRevisions; old > 0 {
			if err := del(t.notes, revisionKey(eventID, topicID, old)); err != nil {
				return out, err
			}
		}
		out.Notes = cur
		return out, nil
	})
}

// revision is a past version of a topic's notes; version 0, or one no
// longer kept, is empty.
func (t *txn) revision(eventID, topicID string, version int) (notesRevision, error) {
	var r notesRevision
	if version <= 0 {
		return r, nil
	}
	_, err := getJSON(t.notes, revisionKey(eventID, topicID, version), &r)
	return r, err
}

// inTopic says whether an attendee is in a topic: they voted for it, are
// seated in it, or checked into its room in its session (published plan).
func (t *txn) inTopic(eventID, attendeeID, topicID string) (bool, error) {
	if t.votes.Get(key(eventID, attendeeID, topicID)) != nil {
		return true, nil
	}
	seats, err := t.seatsOf(eventID, attendeeID)
	if err != nil {
		return false, err
	}
	for _, s := range seats {
		if s.Topic == topicID {
			return true, nil
		}
	}
	p, err := t.plan(eventID, planPublished)
	if err != nil || p == nil {
		return false, err
	}
	for _, c := range p.Cells {
		if c.Topic == topicID && string(t.checkins.Get(key(eventID, c.Session, attendeeID))) == c.Room {
			return true, nil
		}
	}
	return false, nil
}

// dropNotes deletes a topic's notes and their past revisions: the topic is
// going away.
func (t *txn) dropNotes(eventID, topicID string) error {
	prefix := key(eventID, topicID)
	var keys [][]byte
	c := t.notes.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == len(prefix) || k[len(prefix)] == sep[0] {
			keys = append(keys, bytes.Clone(k))
		}
	}
	for _, k := range keys { // after the walk: a bucket must not change under its cursor
		if err := del(t.notes, k); err != nil {
			return err
		}
	}
	return nil
}

// mergeNotesInto folds the source topic's notes into the target's when two
// topics are merged: the target's text, then the source's, and the
// takeaways of both. Nothing anyone wrote is lost. It reports whether the
// target's notes changed.
func (t *txn) mergeNotesInto(eventID, targetID, sourceID string, now time.Time) (bool, error) {
	src, found, err := t.notesFor(eventID, sourceID)
	if err != nil || !found {
		return false, err
	}
	dst, _, err := t.notesFor(eventID, targetID)
	if err != nil {
		return false, err
	}
	dst.Topic = targetID
	dst.Text = strings.TrimRight(strings.TrimRight(dst.Text, "\n")+"\n\n"+src.Text, "\n")
	dst.Text = strings.TrimLeft(dst.Text, "\n")
	for _, tk := range src.Takeaways {
		if !slices.Contains(dst.Takeaways, tk) {
			dst.Takeaways = append(dst.Takeaways, tk)
		}
	}
	dst.Version++
	dst.UpdatedAt = now
	if err := putJSON(t.notes, key(eventID, targetID), dst); err != nil {
		return false, err
	}
	// Edits started from this version will merge against it.
	if err := putJSON(t.notes, revisionKey(eventID, targetID, dst.Version), notesRevision{Text: dst.Text, Takeaways: dst.Takeaways}); err != nil {
		return false, err
	}
	return true, t.dropNotes(eventID, sourceID)
}
