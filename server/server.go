// Package server is the HTTP face of openspace: the JSON API under /api/,
// the pages, the embedded assets and the WebSocket endpoint, on Gin.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
	"openspace/openspace/schedule"
)

// Store is what the server needs from persistence; *store.Store implements it.
type Store interface {
	CreateEvent(ctx context.Context, setup openspace.EventSetup, organizerKeyHash []byte) (openspace.Event, error)
	Event(ctx context.Context, eventID string) (openspace.Event, error)
	EventIDByJoinCode(ctx context.Context, code string) (string, error)
	OrganizerKeyHash(ctx context.Context, eventID string) ([]byte, error)
	SetOrganizerKeyHash(ctx context.Context, eventID string, hash []byte) error
	UpdateSetup(ctx context.Context, eventID string, setup openspace.EventSetup) (openspace.Event, error)
	SetPhases(ctx context.Context, eventID string, u openspace.PhaseUpdate) (openspace.Event, error)
	RunSession(ctx context.Context, eventID, sessionID, action string, minutes int) (openspace.Event, error)
	QueuePitch(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool) (openspace.Event, error)
	WithdrawPitch(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool) (openspace.Event, error)
	NextPitch(ctx context.Context, eventID string) (openspace.Event, error)
	CheckIn(ctx context.Context, eventID, attendeeID, sessionID, roomID string) (openspace.CheckIns, error)
	CheckOut(ctx context.Context, eventID, attendeeID, sessionID string) (openspace.CheckIns, error)
	Join(ctx context.Context, eventID string, in openspace.JoinInput, tokenHash []byte) (openspace.Attendee, error)
	AttendeeByToken(ctx context.Context, eventID string, tokenHash []byte) (openspace.Attendee, error)
	Me(ctx context.Context, eventID string, tokenHash []byte) (openspace.AttendeeView, error)
	CreateTopic(ctx context.Context, eventID, proposerID string, in openspace.TopicInput, byOrganizer bool) (openspace.Topic, error)
	UpdateTopic(ctx context.Context, eventID, topicID string, in openspace.TopicInput) (openspace.Topic, error)
	SetHostSessions(ctx context.Context, eventID, topicID, attendeeID string, byOrganizer bool, sessions []string) (openspace.Topic, error)
	DeleteTopic(ctx context.Context, eventID, topicID string) error
	MergeTopics(ctx context.Context, eventID, targetID, sourceID string) (openspace.Topic, error)
	Vote(ctx context.Context, eventID, attendeeID, topicID string) (openspace.Ballot, error)
	Unvote(ctx context.Context, eventID, attendeeID, topicID string) (openspace.Ballot, error)
	ApplyPlanOp(ctx context.Context, eventID string, op openspace.PlanOp) (openspace.Plan, error)
	ReplaceDraft(ctx context.Context, eventID string, p openspace.Plan) (openspace.Plan, error)
	ProposeDraft(ctx context.Context, eventID string, base openspace.Plan, proposal openspace.DraftProposal) (openspace.DraftProposal, error)
	Publish(ctx context.Context, eventID string) (openspace.Plan, error)
	State(ctx context.Context, eventID string, organizer bool) (openspace.State, error)
	PlanningInput(ctx context.Context, eventID string) (schedule.Input, error)

	// Each area of the write-up lists its own methods, next to its routes.
	NotesStore      // notes.go
	FeedbackStore   // feedback.go
	RecapStore      // recap.go
	CalendarStore   // calendar.go
	AdminStore      // admin.go: export, import, copy, delete, forget me, backup
	ModerationStore // moderation.go: attendees, remove one, remove many topics
	LinkStore       // link.go: personal links
}

// Live is the real-time fan-out; *realtime.Hub implements it.
type Live interface {
	Publish(eventID string, ch openspace.Change)
	DropOrganizers(eventID string)
	DropEvent(eventID string) // closes every connection: the event was deleted
	// client is the caller's address as the server sees it (through a
	// trusted proxy, the client's): the per-address cap counts by it.
	ServeWS(w http.ResponseWriter, r *http.Request, eventID string, organizer bool, client string)
}

// Config wires the server to its dependencies.
type Config struct {
	Store  Store
	Live   Live
	Logger *slog.Logger
	// SecureCookies marks cookies Secure; set it when served over HTTPS.
	SecureCookies bool
	// Ping reports whether the store answers, for /healthz.
	Ping func(ctx context.Context) error
	// PublicURL is the address phones open ("https://meetup.example"),
	// encoded in the QR code; empty: the address the page was opened at.
	PublicURL string
	// ReachableURLs are this machine's addresses on the venue's network,
	// offered by the projector when it was opened at localhost.
	ReachableURLs []string
	// OperatorToken lets the server's operator download the whole database
	// (GET /api/backup with Authorization: Bearer <token>); empty: that
	// route does not exist.
	OperatorToken string
	// AllowedOrigins are the origins, besides this server's own, whose
	// pages may write (-allowed-origins; see security.go).
	AllowedOrigins []string
	// TrustedProxies are the reverse proxies (addresses or CIDRs) whose
	// X-Forwarded-For names the client; empty: the connection's address.
	TrustedProxies []string
	// Metrics counts requests, votes and joins and serves GET /metrics
	// (metrics.go); nil: no metrics, no route.
	Metrics Metrics
}

// Server holds the routes; it is an http.Handler.
type Server struct {
	store         Store
	live          Live
	logger        *slog.Logger
	secureCookies bool
	ping          func(ctx context.Context) error
	publicURL     string
	reachable     []string
	operatorToken string
	engine        *gin.Engine
	limiter       *writeLimiter

	allowedOrigins []string // security.go

	metrics   Metrics        // metrics.go
	proxyNets []netip.Prefix // metrics.go: trusted proxies, never local
}

// New builds the server and registers every route.
func New(cfg Config) *Server {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		store: cfg.Store, live: cfg.Live, logger: cfg.Logger,
		secureCookies: cfg.SecureCookies, ping: cfg.Ping, limiter: newWriteLimiter(),
		publicURL: cfg.PublicURL, reachable: cfg.ReachableURLs, operatorToken: cfg.OperatorToken,
		allowedOrigins: cfg.AllowedOrigins,
		metrics:        cfg.Metrics, proxyNets: proxyNets(cfg.TrustedProxies),
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.engine = gin.New()
	s.engine.ContextWithFallback = true
	s.trustProxies(cfg.TrustedProxies) // proxies.go
	// observe first: it times everything, a panic's answer included
	// (metrics.go). recoverJSON next: a panic anywhere answers JSON. secure: the
	// headers of every answer, same-origin writes, JSON bodies
	// (security.go). meterGuesses then: failed codes and secrets per
	// address (guess.go).
	s.engine.Use(s.observe, s.recoverJSON, s.secure, s.meterGuesses)
	s.registerPageRoutes(s.engine)
	s.registerMetricsRoute(s.engine) // metrics.go
	s.registerAPIRoutes(s.engine.Group("/api", s.limitBody, s.identify, s.limitWrites))
	s.engine.NoRoute(func(c *gin.Context) {
		s.writeError(c, openspace.Errorf(openspace.ENOTFOUND, "No such page."))
	})
	s.engine.NoMethod(func(c *gin.Context) {
		s.writeError(c, openspace.Errorf(openspace.ENOTFOUND, "No such route."))
	})
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.engine.ServeHTTP(w, r)
}

// registerAPIRoutes lists every JSON route in one place (see docs/API.md).
func (s *Server) registerAPIRoutes(api *gin.RouterGroup) {
	api.POST("/events", s.handleEventCreate)
	api.GET("/join/:code", s.handleJoinCode)

	ev := api.Group("/events/:id", s.claimIdempotency) // idempotency.go
	ev.GET("", s.handleEventView)
	ev.GET("/ws", s.handleWS)
	ev.GET("/qr.svg", s.handleQR)
	ev.POST("/join", s.handleJoin)
	ev.GET("/me", s.handleMe)
	ev.POST("/topics", s.handleTopicCreate)
	ev.PUT("/topics/:tid/vote", s.handleVotePut)
	ev.PUT("/topics/:tid/host-sessions", s.handleTopicHostSessions)
	ev.DELETE("/topics/:tid/vote", s.handleVoteDelete)
	ev.POST("/pitches", s.handlePitchCreate)
	ev.DELETE("/pitches/:tid", s.handlePitchDelete)
	ev.PUT("/checkins/:sid", s.handleCheckinPut)
	ev.DELETE("/checkins/:sid", s.handleCheckinDelete)

	org := ev.Group("", s.requireOrganizer)
	org.GET("/organizer", s.handleOrganizerView)
	org.PUT("/setup", s.handleSetupUpdate)
	org.PATCH("/phases", s.handlePhasesUpdate)
	org.PATCH("/sessions/:sid", s.handleSessionUpdate)
	org.POST("/sessions/:sid/start", s.handleSessionStart)
	org.POST("/sessions/:sid/extend", s.handleSessionExtend)
	org.POST("/sessions/:sid/end", s.handleSessionEnd)
	org.POST("/pitches/next", s.handlePitchNext)
	org.POST("/organizer-key", s.handleOrganizerKeyRotate)
	org.PATCH("/topics/:tid", s.handleTopicUpdate)
	org.DELETE("/topics/:tid", s.handleTopicDelete)
	org.POST("/topics/:tid/merge", s.handleTopicMerge)
	org.POST("/draft/ops", s.handleDraftOp)
	org.PUT("/draft", s.handleDraftReplace)
	org.POST("/draft/propose", s.handleDraftPropose)
	org.GET("/draft/report", s.handleDraftReport)
	org.POST("/publish", s.handlePublish)

	s.registerNotesRoutes(ev, org)
	s.registerFeedbackRoutes(ev, org)
	s.registerRecapRoutes(ev, org)
	s.registerCalendarRoutes(ev, org)
	s.registerAdminRoutes(api, ev, org)
	s.registerModerationRoutes(ev, org)
	s.registerLinkRoutes(ev, org)
}

// recoverJSON turns a panic into a logged internal error; there should be
// none, but a bug must not take the evening down.
func (s *Server) recoverJSON(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.logger.Error("panic", slog.Any("panic", r), slog.String("route", c.FullPath()))
			s.writeError(c, openspace.Errorf(openspace.EINTERNAL, "internal"))
		}
	}()
	c.Next()
}
