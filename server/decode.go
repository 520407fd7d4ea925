package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// maxBodyBytes bounds every request body: nothing a person types is larger.
const maxBodyBytes = 64 << 10

// decodeJSON reads one JSON value from the body into v, refusing bodies
// over maxBodyBytes, invalid UTF-8, unknown fields and trailing data.
func decodeJSON(c *gin.Context, v any) error {
	data, err := readBody(c)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return openspace.Errorf(openspace.EINVALID, "The request body is empty: JSON expected.")
	}
	return decodeBytes(data, v)
}

// decodeOptionalJSON is decodeJSON for routes whose body may be empty.
func decodeOptionalJSON(c *gin.Context, v any) error {
	data, err := readBody(c)
	if err != nil || len(bytes.TrimSpace(data)) == 0 {
		return err
	}
	return decodeBytes(data, v)
}

func readBody(c *gin.Context) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	return data, bodyReadError(err)
}

// bodyReadError words a failed body read: a body still arriving when the
// server's read deadline (http.Server.ReadTimeout, 15 s in main.go) passed
// is the client's doing, a 408 and not an internal error.
func bodyReadError(err error) error {
	var netErr net.Error
	if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return openspace.Errorf(ETIMEOUT, "The request body arrived too slowly: send it again.")
	}
	return err
}

func decodeBytes(data []byte, v any) error {
	// encoding/json would quietly turn bad bytes into U+FFFD: refuse them.
	if !utf8.Valid(data) {
		return openspace.Errorf(openspace.EINVALID, "Malformed JSON: %s.", "invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return openspace.Errorf(openspace.EINVALID, "Malformed JSON: %s.", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return openspace.Errorf(openspace.EINVALID, "Malformed JSON: unexpected data after the object.")
	}
	return nil
}

// jsonProblem describes a decoding error without echoing Go type names at length.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "syntax error at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return "wrong type for field " + typ.Field
		}
		return "wrong type"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end"
	}
	return err.Error()
}

// limitBody refuses, before any handler reads it, a body whose declared
// length is over the limit, even on routes that take no body.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > maxBodyBytes {
		s.writeError(c, openspace.Errorf(openspace.ETOOLARGE, "The request body is larger than 64 KiB."))
		return
	}
	c.Next()
}
