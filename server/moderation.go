package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// ModerationStore is what the organizer's remedies against a flood need
// from the store: the list of attendees, removing one with everything they
// did, removing many topics at once.
type ModerationStore interface {
	Attendees(ctx context.Context, eventID string) ([]openspace.AttendeeSummary, error)
	RemoveAttendee(ctx context.Context, eventID, attendeeID string) (openspace.RemovedAttendee, error)
	DeleteTopics(ctx context.Context, eventID string, topicIDs []string) error
}

// registerModerationRoutes adds the organizer's remedies (see docs/API.md).
// Closing joining is a field of PATCH /phases (joining_open).
func (s *Server) registerModerationRoutes(ev, org *gin.RouterGroup) {
	org.GET("/attendees", s.handleAttendeeList)
	org.DELETE("/attendees/:aid", s.handleAttendeeDelete)
	org.POST("/topics/delete", s.handleTopicsDelete)
}

// handleAttendeeList handles "GET /api/events/:id/attendees": every
// attendee with how many topics and dots they put, for the organizer.
func (s *Server) handleAttendeeList(c *gin.Context) {
	list, err := s.store.Attendees(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"attendees": list})
}

// handleAttendeeDelete handles "DELETE /api/events/:id/attendees/:aid": the
// attendee goes, with their votes, topics, check-ins, feedback and device.
func (s *Server) handleAttendeeDelete(c *gin.Context) {
	eventID := c.Param("id")
	out, err := s.store.RemoveAttendee(c.Request.Context(), eventID, c.Param("aid"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{
		Event: true, Attendance: true, Topics: out.ChangedTopics, Removed: out.RemovedTopics,
		Plan: true, Draft: true, Checkins: true, Feedback: true,
	})
	c.JSON(http.StatusOK, out)
}

type topicsDeleteRequest struct {
	IDs []string `json:"ids"`
}

// handleTopicsDelete handles "POST /api/events/:id/topics/delete": many
// topics at once, all or nothing.
func (s *Server) handleTopicsDelete(c *gin.Context) {
	var req topicsDeleteRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	if err := s.store.DeleteTopics(c.Request.Context(), eventID, req.IDs); err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Removed: req.IDs, Plan: true, Draft: true, Event: true}) // Event: they may leave the pitch queue
	c.Status(http.StatusNoContent)
}
