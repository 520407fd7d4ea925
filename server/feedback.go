package server

import "github.com/gin-gonic/gin"

// FeedbackStore is what the feedback routes need from the store.
type FeedbackStore interface{}

// registerFeedbackRoutes adds the feedback routes: ev for everyone, org for
// the organizer (see docs/API.md).
func (s *Server) registerFeedbackRoutes(ev, org *gin.RouterGroup) {}
