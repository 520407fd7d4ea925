package server

import "github.com/gin-gonic/gin"

// NotesStore is what the notes routes need from the store.
type NotesStore interface{}

// registerNotesRoutes adds the notes routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerNotesRoutes(ev, org *gin.RouterGroup) {}
