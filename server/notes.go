package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// NotesStore is what the notes routes need from the store.
type NotesStore interface {
	Notes(ctx context.Context, eventID, topicID string) (openspace.Notes, error)
	SaveNotes(ctx context.Context, eventID, topicID string, editor openspace.NotesEditor, in openspace.NotesEdit) (openspace.NotesSaved, error)
}

// registerNotesRoutes adds the notes routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerNotesRoutes(ev, org *gin.RouterGroup) {
	ev.GET("/topics/:tid/notes", s.handleNotesGet)
	ev.PUT("/topics/:tid/notes", s.handleNotesPut)
}

// handleNotesGet handles "GET /api/events/:id/topics/:tid/notes": a
// topic's notes, for anyone (every screen shows them).
func (s *Server) handleNotesGet(c *gin.Context) {
	n, err := s.store.Notes(c.Request.Context(), c.Param("id"), c.Param("tid"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

// handleNotesPut handles "PUT /api/events/:id/topics/:tid/notes": save an
// edit of a topic's notes, by the organizer or someone in the topic. An
// edit from an older version is merged; conflict markers are worded in the
// request's language.
func (s *Server) handleNotesPut(c *gin.Context) {
	var in openspace.NotesEdit
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	in.Lang = requestLang(c.Request)
	eventID := c.Param("id")
	editor := openspace.NotesEditor{Organizer: s.isOrganizer(c)}
	if !editor.Organizer {
		a, err := s.currentAttendee(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		editor.AttendeeID = a.ID
	}
	out, err := s.store.SaveNotes(c.Request.Context(), eventID, c.Param("tid"), editor, in)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Notes: []string{out.Notes.Topic}})
	c.JSON(http.StatusOK, out)
}
