package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// codes maps domain error codes to HTTP statuses; anything missing is a 500.
var codes = map[string]int{
	openspace.EINVALID:      http.StatusBadRequest,
	openspace.EUNAUTHORIZED: http.StatusUnauthorized,
	openspace.EFORBIDDEN:    http.StatusForbidden,
	openspace.ENOTFOUND:     http.StatusNotFound,
	openspace.ECONFLICT:     http.StatusConflict,
	openspace.EPHASE:        http.StatusConflict,
	openspace.EBUDGET:       http.StatusConflict,
	openspace.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	ERATELIMITED:            http.StatusTooManyRequests,
	openspace.EINTERNAL:     http.StatusInternalServerError,
}

// ERATELIMITED is the one error code that only the HTTP layer produces.
const ERATELIMITED = "rate_limited"

// errorStatus returns the HTTP status for a domain error code.
func errorStatus(code string) int {
	if s, ok := codes[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"` // in the request's language (Accept-Language), English by default
	// Messages holds both languages, so that a page switched from French to
	// English can show the same error again without asking.
	Messages map[string]string `json:"messages"`
}

// requestLang is French when the first language the client accepts is
// French, English otherwise.
func requestLang(r *http.Request) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language"))), "fr") {
		return openspace.LangFR
	}
	return openspace.LangEN
}

// writeError is the one way errors leave the server: a JSON body with the
// domain code and a safe message. Only internal errors are logged, since
// the others are the client's doing.
func (s *Server) writeError(c *gin.Context, err error) {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		err = openspace.Errorf(openspace.ETOOLARGE, "The request body is larger than 64 KiB.")
	}
	code := openspace.ErrorCode(err)
	messages := map[string]string{
		openspace.LangEN: openspace.ErrorMessageIn(err, openspace.LangEN),
		openspace.LangFR: openspace.ErrorMessageIn(err, openspace.LangFR),
	}
	if code == openspace.EINTERNAL {
		s.logger.Error("internal error", slog.String("method", c.Request.Method),
			slog.String("path", c.FullPath()), slog.Any("err", err))
	}
	c.AbortWithStatusJSON(errorStatus(code), errorBody{Error: errorDetail{
		Code: code, Message: messages[requestLang(c.Request)], Messages: messages,
	}})
}
