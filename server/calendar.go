package server

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
	"openspace/openspace/calendar"
	"openspace/ui"
)

// CalendarStore is what the calendar routes need from the store.
type CalendarStore interface {
	// MyCalendar is what Me reads, and the topics, in one transaction.
	MyCalendar(ctx context.Context, eventID string, tokenHash []byte) (openspace.AttendeeView, []openspace.Topic, error)
}

// registerCalendarRoutes adds the calendar routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerCalendarRoutes(ev, org *gin.RouterGroup) {
	ev.GET("/calendar.ics", s.handleCalendar)
	ev.GET("/me/calendar.ics", s.handleMyCalendar)
}

// handleCalendar handles "GET /api/events/:id/calendar.ics": one entry per
// topic of the published plan, for everyone (the organizer's draft stays
// out of it).
func (s *Server) handleCalendar(c *gin.Context) {
	st, err := s.store.State(c.Request.Context(), c.Param("id"), false)
	if err != nil {
		s.writeError(c, err)
		return
	}
	e := st.Event
	s.writeCalendar(c, e, calendar.Whole(e, st.Plan, st.Topics), calendar.Filename(e.Title, ".ics"))
}

// handleMyCalendar handles "GET /api/events/:id/me/calendar.ics": the
// attendee's sessions (their check-in, else their seat). The phone opens it
// as a link, so the device cookie is enough; the read checks the token.
func (s *Server) handleMyCalendar(c *gin.Context) {
	v, topics, err := s.store.MyCalendar(c.Request.Context(), c.Param("id"), s.deviceTokenHash(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	e := v.Event
	s.writeCalendar(c, e, calendar.Mine(v, topics), calendar.Filename(e.Title, "-mine.ics"))
}

func (s *Server) writeCalendar(c *gin.Context, e openspace.Event, entries []calendar.Entry, filename string) {
	var buf bytes.Buffer
	cal := calendar.Calendar{Name: e.Title, TimeZone: e.TimeZone, URL: s.joinBase(c.Request) + "/e/" + e.ID, Entries: entries}
	if err := calendar.Write(&buf, cal, time.Now()); err != nil {
		s.writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Header("X-Content-Type-Options", "nosniff")
	// inline: a phone offers to add the events rather than saving a file.
	c.Header("Content-Disposition", `inline; filename="`+filename+`"`)
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", buf.Bytes())
}

// handlePrintPage handles "GET /print/:id": the published plan on paper,
// an overview then one page per room, drawn by the server in the event's
// language (registered in registerPageRoutes).
func (s *Server) handlePrintPage(c *gin.Context) {
	st, err := s.store.State(c.Request.Context(), c.Param("id"), false)
	if err != nil {
		s.writePageError(c, err)
		return
	}
	sheet := calendar.Print(st)
	s.render(c, "print", ui.Page{EventID: st.Event.ID, Title: st.Event.Title, JoinBase: s.joinBase(c.Request), Data: sheet})
}
