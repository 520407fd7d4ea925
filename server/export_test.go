package server

import "github.com/gin-gonic/gin"

// Routes lists every route of the router, for the access table of
// access_test.go to be checked against.
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }
