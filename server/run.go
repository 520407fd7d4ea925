package server

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// handleSessionStart handles "POST /api/events/:id/sessions/:sid/start":
// the session runs from now for its duration; the one running ends.
func (s *Server) handleSessionStart(c *gin.Context) {
	s.runSession(c, openspace.SessionStart, 0)
}

type extendInput struct {
	Minutes int `json:"minutes"`
}

// handleSessionExtend handles "POST /api/events/:id/sessions/:sid/extend".
func (s *Server) handleSessionExtend(c *gin.Context) {
	var in extendInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	if in.Minutes == 0 {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Say how many minutes to add (minutes)."))
		return
	}
	s.runSession(c, openspace.SessionExtend, in.Minutes)
}

// handleSessionEnd handles "POST /api/events/:id/sessions/:sid/end".
func (s *Server) handleSessionEnd(c *gin.Context) {
	s.runSession(c, openspace.SessionEnd, 0)
}

type sessionUpdate struct {
	Started *bool `json:"started"`
}

// handleSessionUpdate handles "PATCH /api/events/:id/sessions/:sid":
// started true starts the session's clock, false resets it (re-planning
// may then move its cells again).
func (s *Server) handleSessionUpdate(c *gin.Context) {
	var u sessionUpdate
	if err := decodeJSON(c, &u); err != nil {
		s.writeError(c, err)
		return
	}
	if u.Started == nil {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Say whether the session has started (started)."))
		return
	}
	action := openspace.SessionReset
	if *u.Started {
		action = openspace.SessionStart
	}
	s.runSession(c, action, 0)
}

func (s *Server) runSession(c *gin.Context, action string, minutes int) {
	eventID := c.Param("id")
	ev, err := s.store.RunSession(c.Request.Context(), eventID, c.Param("sid"), action, minutes)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Event: true})
	c.JSON(http.StatusOK, ev)
}

type pitchInput struct {
	Topic string `json:"topic"`
}

// handlePitchCreate handles "POST /api/events/:id/pitches": a proposer (or
// the organizer) lines a topic up to be pitched.
func (s *Server) handlePitchCreate(c *gin.Context) {
	var in pitchInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	if in.Topic == "" {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Say which topic to pitch (topic)."))
		return
	}
	s.changePitch(c, in.Topic, s.store.QueuePitch)
}

// handlePitchDelete handles "DELETE /api/events/:id/pitches/:tid": its
// proposer withdraws it, or the organizer skips it.
func (s *Server) handlePitchDelete(c *gin.Context) {
	s.changePitch(c, c.Param("tid"), s.store.WithdrawPitch)
}

// pitchChange is a store method that changes the pitch queue for a caller.
type pitchChange func(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool) (openspace.Event, error)

func (s *Server) changePitch(c *gin.Context, topicID string, change pitchChange) {
	eventID := c.Param("id")
	organizer, attendeeID := s.isOrganizer(c), ""
	if !organizer {
		a, err := s.currentAttendee(c)
		if err != nil {
			s.writeError(c, err)
			return
		}
		attendeeID = a.ID
	}
	ev, err := change(c.Request.Context(), eventID, topicID, attendeeID, organizer)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Event: true})
	if !organizer {
		ev = ev.Public()
	}
	c.JSON(http.StatusOK, ev)
}

// handlePitchNext handles "POST /api/events/:id/pitches/next": the
// current pitch ends and the next one in the queue takes the stage.
func (s *Server) handlePitchNext(c *gin.Context) {
	eventID := c.Param("id")
	ev, err := s.store.NextPitch(c.Request.Context(), eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Event: true})
	c.JSON(http.StatusOK, ev)
}

type checkinInput struct {
	Room string `json:"room"`
}

// handleCheckinPut handles "PUT /api/events/:id/checkins/:sid": "I'm
// here", "I'm moving to…".
func (s *Server) handleCheckinPut(c *gin.Context) {
	var in checkinInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	if in.Room == "" {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Say which room you are in (room)."))
		return
	}
	s.checkin(c, func(eventID, attendeeID, sessionID string) (openspace.CheckIns, error) {
		return s.store.CheckIn(c.Request.Context(), eventID, attendeeID, sessionID, in.Room)
	})
}

// handleCheckinDelete handles "DELETE /api/events/:id/checkins/:sid".
func (s *Server) handleCheckinDelete(c *gin.Context) {
	s.checkin(c, func(eventID, attendeeID, sessionID string) (openspace.CheckIns, error) {
		return s.store.CheckOut(c.Request.Context(), eventID, attendeeID, sessionID)
	})
}

func (s *Server) checkin(c *gin.Context, change func(eventID, attendeeID, sessionID string) (openspace.CheckIns, error)) {
	eventID := c.Param("id")
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out, err := change(eventID, a.ID, c.Param("sid"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.announce(c, eventID, openspace.Change{Checkins: true})
	c.JSON(http.StatusOK, out)
}
