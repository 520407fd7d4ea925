package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// handleJoin handles "POST /api/events/:id/join". A device that already
// joined gets its attendee back, so a double tap on bad Wi-Fi is harmless.
func (s *Server) handleJoin(c *gin.Context) {
	eventID := c.Param("id")
	var in openspace.JoinInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	if id := s.callerOf(c); id.hasAttendee() {
		c.JSON(http.StatusOK, gin.H{"attendee": id.attendee, "token": id.token})
		return
	}
	token := newSecret()
	a, err := s.store.Join(c.Request.Context(), eventID, in, hashSecret(token))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.setCookie(c, attendeeCookiePrefix+eventID, token)
	s.live.Publish(eventID, openspace.Change{Attendance: true})
	c.JSON(http.StatusCreated, gin.H{"attendee": a, "token": token})
}

type meResponse struct {
	Attendee openspace.Attendee        `json:"attendee"`
	Ballot   openspace.Ballot          `json:"ballot"`
	Schedule []openspace.ScheduleEntry `json:"schedule"`
}

// handleMe handles "GET /api/events/:id/me": what only this attendee sees.
func (s *Server) handleMe(c *gin.Context) {
	eventID := c.Param("id")
	ctx := c.Request.Context()
	a, err := s.currentAttendee(c, eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	ev, err := s.store.Event(ctx, eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	ballot, err := s.store.Ballot(ctx, eventID, a.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	plan, err := s.store.Published(ctx, eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	schedule := []openspace.ScheduleEntry{}
	if plan != nil {
		seats, err := s.store.Seats(ctx, eventID, a.ID)
		if err != nil {
			s.writeError(c, err)
			return
		}
		schedule = openspace.MySchedule(ev, *plan, ballot, seats)
	}
	c.JSON(http.StatusOK, meResponse{Attendee: a, Ballot: ballot, Schedule: schedule})
}
