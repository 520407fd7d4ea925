package server

import "github.com/gin-gonic/gin"

// AdminStore is what export, import, copy, deletion, "forget me" and the
// backup need from the store.
type AdminStore interface{}

// registerAdminRoutes adds the routes that move whole events in and out:
// api for routes outside an event, ev for everyone, org for the organizer
// (see docs/API.md).
func (s *Server) registerAdminRoutes(api, ev, org *gin.RouterGroup) {}
