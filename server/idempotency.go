package server

import (
	"bytes"
	"crypto/sha256"

	"github.com/gin-gonic/gin"

	"openspace/openspace"
)

// idempotencyHeader lets a phone on bad Wi-Fi retry a proposal without
// proposing it twice: the same key and body answer as the first time.
const idempotencyHeader = "Idempotency-Key"

// maxIdempotencyKey bounds the key; a uuid is 36 characters.
const maxIdempotencyKey = 100

// decodeJSONBody is decodeJSON that also returns the body read, for the
// routes that hash it.
func decodeJSONBody(c *gin.Context, v any) ([]byte, error) {
	data, err := readBody(c)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, openspace.Errorf(openspace.EINVALID, "The request body is empty: JSON expected.")
	}
	return data, decodeBytes(data, v)
}

// createTopic creates the topic, once per Idempotency-Key when the request
// carries one; replayed reports an answer given before.
func (s *Server) createTopic(c *gin.Context, eventID, proposerID string, in openspace.TopicInput, byOrganizer bool, body []byte) (t openspace.Topic, replayed bool, err error) {
	k := c.GetHeader(idempotencyHeader)
	if k == "" {
		t, err = s.store.CreateTopic(c.Request.Context(), eventID, proposerID, in, byOrganizer)
		return t, false, err
	}
	if !validIdempotencyKey(k) {
		return t, false, openspace.Errorf(openspace.EINVALID, "The Idempotency-Key must be 1 to 100 visible ASCII characters.")
	}
	hash := sha256.Sum256(body)
	return s.store.CreateTopicOnce(c.Request.Context(), eventID, proposerID, in, byOrganizer, k, hash[:])
}

func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > maxIdempotencyKey {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}
