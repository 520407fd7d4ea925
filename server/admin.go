package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"openspace/openspace"
)

// AdminStore is what export, import, copy, deletion, "forget me" and the
// backup need from the store.
type AdminStore interface {
	Export(ctx context.Context, eventID string) (openspace.EventExport, error)
	Import(ctx context.Context, x openspace.EventExport, organizerKeyHash []byte) (openspace.Event, error)
	CopyEvent(ctx context.Context, eventID string, organizerKeyHash []byte) (openspace.Event, error)
	DeleteEvent(ctx context.Context, eventID string) error
	ForgetAttendee(ctx context.Context, eventID, attendeeID string) error
	// Backup writes a consistent copy of the whole database to w.
	Backup(w io.Writer) (int64, error)
}

// maxImportBytes bounds an imported file: an evening of thousands of people
// with their votes and notes fits many times over.
const (
	maxImportMiB   = 32
	maxImportBytes = maxImportMiB << 20
)

// Imports are rare and heavy (a 32 MiB body, decoded whole, written in one
// transaction): an address gets a few a minute, and only a few run at once
// on the whole server.
const (
	importsPerMinute = 10
	importBurst      = 20
	importsAtOnce    = 2
)

// importSlots bounds the imports that run at once; it is shared by every
// Server of the process, as memory and the file are.
var importSlots = make(chan struct{}, importsAtOnce)

// limitImports is the import route's own limit, before its body is read.
func (s *Server) limitImports(c *gin.Context) {
	if !s.limiter.allow("import:"+c.ClientIP(), rate.Every(time.Minute/importsPerMinute), importBurst) {
		c.Header("Retry-After", "10")
		s.writeError(c, openspace.Errorf(ERATELIMITED, "Too many requests: wait a moment and try again."))
		return
	}
	select {
	case importSlots <- struct{}{}:
		defer func() { <-importSlots }()
		c.Next()
	default:
		c.Header("Retry-After", "5")
		s.writeError(c, openspace.Errorf(ERATELIMITED, "Too many requests: wait a moment and try again."))
	}
}

// registerAdminRoutes adds the routes that move whole events in and out:
// api for routes outside an event, ev for everyone, org for the organizer
// (see docs/API.md).
func (s *Server) registerAdminRoutes(api, ev, org *gin.RouterGroup) {
	// An export is larger than any form: the import has its own body
	// limit, so it is registered beside the /api group's 64 KiB one.
	s.engine.POST("/api/events/import", s.limitImports, s.limitImportBody, s.identify, s.limitWrites, s.handleEventImport)
	ev.DELETE("/me", s.handleMeDelete)
	org.GET("/export.json", s.handleEventExport)
	org.POST("/copy", s.handleEventCopy)
	org.DELETE("", s.handleEventDelete)
	if s.operatorToken != "" {
		api.GET("/backup", s.handleBackup)
	}
}

// handleEventExport handles "GET /api/events/:id/export.json": the whole
// event as a download, without its secrets.
func (s *Server) handleEventExport(c *gin.Context) {
	x, err := s.store.Export(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	data, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		s.writeError(c, err)
		return
	}
	day := x.Event.Date
	if day == "" {
		day = x.Event.CreatedAt.Format(time.DateOnly)
	}
	c.Header("Content-Disposition", `attachment; filename="openspace-`+day+`-`+x.Event.JoinCode+`.json"`)
	c.Header("Cache-Control", "no-store") // it holds people's names
	c.Data(http.StatusOK, "application/json; charset=utf-8", append(data, '\n'))
}

// limitImportBody is limitBody for the import: a declared length over its
// own limit is refused before anything is read.
func (s *Server) limitImportBody(c *gin.Context) {
	if c.Request.ContentLength > maxImportBytes {
		s.writeError(c, errImportTooLarge())
		return
	}
	c.Next()
}

func errImportTooLarge() error {
	return openspace.Errorf(openspace.ETOOLARGE, "The file is larger than %d MiB.", maxImportMiB)
}

// handleEventImport handles "POST /api/events/import": the body is an
// export; it becomes a new event, answered as POST /api/events answers
// (with a new organizer key and its cookie). A file that is not an export,
// or breaks a rule, is a 400 and creates nothing.
func (s *Server) handleEventImport(c *gin.Context) {
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBytes))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		s.writeError(c, errImportTooLarge())
		return
	}
	if err != nil {
		if timeout := bodyReadError(err); timeout != err {
			s.writeError(c, timeout) // 408: the file arrived too slowly
			return
		}
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "The file is not an event export: %s.", "unreadable"))
		return
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "The request body is empty: JSON expected."))
		return
	}
	var x openspace.EventExport
	if err := decodeBytes(data, &x); err != nil {
		s.writeError(c, err)
		return
	}
	key := newSecret()
	e, err := s.store.Import(c.Request.Context(), x, hashSecret(key))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.answerCreated(c, e, key)
}

// handleEventCopy handles "POST /api/events/:id/copy": a new event with
// this one's set-up, for the next meetup of a series; answered as POST
// /api/events answers.
func (s *Server) handleEventCopy(c *gin.Context) {
	key := newSecret()
	e, err := s.store.CopyEvent(c.Request.Context(), c.Param("id"), hashSecret(key))
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.answerCreated(c, e, key)
}

func (s *Server) answerCreated(c *gin.Context, e openspace.Event, key string) {
	s.setCookie(c, organizerCookiePrefix+e.ID, key)
	c.JSON(http.StatusCreated, eventCreateResponse{
		Event: e, OrganizerKey: key, OrganizerURL: organizerURL(e.ID, key),
		JoinURL: "/j/" + e.JoinCode, AttendeeURL: "/e/" + e.ID, ProjectorURL: "/p/" + e.ID,
	})
}

type deleteRequest struct {
	Confirm string `json:"confirm"` // the event's join code, typed by the organizer
}

// handleEventDelete handles "DELETE /api/events/:id": the event and
// everything it holds go, once the body confirms with the join code.
func (s *Server) handleEventDelete(c *gin.Context) {
	var req deleteRequest
	if err := decodeJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	e, err := s.store.Event(c.Request.Context(), eventID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	typed := strings.ToUpper(strings.TrimSpace(req.Confirm))
	if typed == "" {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "Type the event’s join code to confirm."))
		return
	}
	if subtle.ConstantTimeCompare([]byte(typed), []byte(e.JoinCode)) != 1 {
		s.writeError(c, openspace.Errorf(openspace.EINVALID, "That is not this event’s join code."))
		return
	}
	if err := s.store.DeleteEvent(c.Request.Context(), eventID); err != nil {
		s.writeError(c, err)
		return
	}
	s.clearCookie(c, organizerCookiePrefix+eventID)
	s.live.DropEvent(eventID)
	s.logger.Info("event deleted", slog.String("event", eventID))
	c.Status(http.StatusNoContent)
}

// handleMeDelete handles "DELETE /api/events/:id/me": "forget me". The
// attendee's name, answer, feedback and check-ins go, and so does their
// device token (the cookie is cleared): the device is a stranger after.
// Their dots stay, anonymous, so that the counts do not change.
func (s *Server) handleMeDelete(c *gin.Context) {
	a, err := s.currentAttendee(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	eventID := c.Param("id")
	if err := s.store.ForgetAttendee(c.Request.Context(), eventID, a.ID); err != nil {
		s.writeError(c, err)
		return
	}
	s.clearCookie(c, attendeeCookiePrefix+eventID)
	s.announce(c, eventID, openspace.Change{Attendance: true, Checkins: true, Feedback: true})
	c.Status(http.StatusNoContent)
}

func (s *Server) clearCookie(c *gin.Context, name string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// handleBackup handles "GET /api/backup": the whole database, copied while
// the server runs, for the operator (Authorization: Bearer with the
// operator token). It exists only when an operator token is configured.
//
// The copy is written to a temporary file first, then sent: a bbolt read
// transaction open for the whole download would make every write that
// grows the file wait for a slow (or stalled) client.
func (s *Server) handleBackup(c *gin.Context) {
	given, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	want := sha256.Sum256([]byte(s.operatorToken))
	got := sha256.Sum256([]byte(strings.TrimSpace(given)))
	if !ok || strings.TrimSpace(given) == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="openspace backup"`)
		s.writeError(c, openspace.Errorf(openspace.EUNAUTHORIZED, "The operator token is missing or wrong."))
		return
	}
	tmp, err := os.CreateTemp("", "openspace-backup-*.db")
	if err != nil {
		s.writeError(c, fmt.Errorf("backup: %w", err))
		return
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	n, err := s.store.Backup(tmp)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.writeError(c, fmt.Errorf("backup: %w", err))
		return
	}
	// A large file over a slow link outlasts the server's write timeout;
	// the transaction is already closed, so only this request waits.
	_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Now().Add(backupWriteTimeout))
	name := "openspace-" + time.Now().UTC().Format("2006-01-02T150405Z") + ".db"
	h := c.Writer.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.FormatInt(n, 10))
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	if sent, err := io.Copy(c.Writer, tmp); err != nil {
		s.logger.Error("backup interrupted", slog.Int64("bytes", sent), slog.Int64("of", n), slog.Any("err", err))
	}
}

// backupWriteTimeout bounds the download of a backup.
const backupWriteTimeout = 30 * time.Minute
