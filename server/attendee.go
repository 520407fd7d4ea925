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
	Checkins map[string]string         `json:"checkins"` // session ID → room ID
	Link     *openspace.PersonalLink   `json:"link"`     // null without an active personal link
}

// handleMe handles "GET /api/events/:id/me": what only this attendee sees.
// One store read checks the device token and reads the rest, so the
// ballot, the plan and the seats never mix two states; that read is the
// request's only identity check.
func (s *Server) handleMe(c *gin.Context) {
	me, err := s.store.Me(c.Request.Context(), c.Param("id"), s.deviceTokenHash(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	schedule := []openspace.ScheduleEntry{}
	if me.Published != nil {
		schedule = openspace.MySchedule(me.Event, *me.Published, me.Ballot, me.Seats)
	}
	c.JSON(http.StatusOK, meResponse{Attendee: me.Attendee, Ballot: me.Ballot, Schedule: schedule, Checkins: me.Checkins, Link: me.Link})
}
