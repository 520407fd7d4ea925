// Package openspace is the domain of an open-space meetup: the event and its
// set-up, attendees, topics, votes (dots), the plan (the grid session × room
// → topic), seats, and the state every screen shows. It holds plain types
// and the rules that decide what a write may do; it does no I/O and imports
// none of the other packages. The store persists what these rules decide,
// the hub and the server carry it.
//
// The words used here (event, session, room, topic, vote, plan, seat,
// recap) are those of the glossary in docs/ARCHITECTURE.md. Two packages
// below it grow on their own: openspace/schedule (the scheduler and the
// bridge from an event to a scheduling problem) and openspace/recap (the
// Markdown write-up).
//
// What every caller relies on:
//
//   - Input types (EventSetup, TopicInput, JoinInput) are made ready with
//     Normalize, then checked with Validate, before anything is stored; a
//     PlanOp is checked by Plan.Apply. A failed check changes nothing.
//   - Every refusal is an *Error with a Code (EINVALID, ENOTFOUND, ...) and
//     a message safe to show, in English and, through In, in French.
//     ErrorCode treats anything else as EINTERNAL, whose details never
//     reach a client.
//   - Methods that change a value (Event.ApplySetup, Topic.Apply,
//     Plan.Apply, Plan.Prune, Plan.DropUnfit) return a new value and never
//     alias their receiver's slices, so a caller may keep the old one
//     (ApplySetup may fill in its argument: pass it a copy).
//   - Topics are shown in one order everywhere, CompareTopics: most votes
//     first, then oldest first.
//   - A plan never holds a cell whose session, room or topic is gone
//     (Plan.Prune, after a set-up edit, a merge or a deletion), and the
//     draft never holds a topic in a room that lacks what it needs
//     (Plan.DropUnfit). Editing a topic's needs changes only the draft;
//     the published plan loses such a cell when the set-up changes.
package openspace
