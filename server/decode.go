package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// maxBodyBytes bounds every request body: nothing a person types is larger.
const maxBodyBytes = 64 << 10

// decodeJSON reads one JSON value from the body into v, refusing unknown
// fields, trailing data and bodies over maxBodyBytes.
func decodeJSON(c *gin.Context, v any) error {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
		if errors.Is(err, io.EOF) {
			return openspace.Errorf(openspace.EINVALID, "The request body is empty: JSON expected.")
		}
		return openspace.Errorf(openspace.EINVALID, "Malformed JSON: %s.", jsonProblem(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return err
		}
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

// decodeOptionalJSON is decodeJSON for routes whose body may be empty.
func decodeOptionalJSON(c *gin.Context, v any) error {
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(data))
	return decodeJSON(c, v)
}
