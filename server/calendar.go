package server

import "github.com/gin-gonic/gin"

// CalendarStore is what the calendar routes need from the store.
type CalendarStore interface{}

// registerCalendarRoutes adds the calendar routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerCalendarRoutes(ev, org *gin.RouterGroup) {}
