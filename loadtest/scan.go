package loadtest

import (
	"encoding/json"
	"strconv"
)

// decodeMessage reads the fields the driver needs with a small scanner
// that skips everything else without building it: encoding/json spent
// half of the driver's CPU on titles and dates nobody reads. Anything the
// scanner does not expect (an escape in a string it keeps, a malformed
// frame) goes to encoding/json instead, so the result is the same.
func decodeMessage(data []byte, m *wireMessage) error {
	*m = wireMessage{}
	s := scanner{b: data}
	if s.message(m) {
		s.space()
		if s.i == len(s.b) {
			return nil
		}
	}
	*m = wireMessage{}
	return json.Unmarshal(data, m)
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\t' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) eat(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// null eats a null literal.
func (s *scanner) null() bool {
	s.space()
	if len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// str reads a string without escapes (IDs, epochs, types, keys).
func (s *scanner) str() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			s.i++
			return s.b[start : s.i-1], true
		case '\\':
			return nil, false
		}
		s.i++
	}
	return nil, false
}

func (s *scanner) integer() (int64, bool) {
	s.space()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	v, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	return v, err == nil
}

// skip passes over any value.
func (s *scanner) skip() bool {
	s.space()
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '"':
		s.i++
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '\\':
				s.i += 2
				continue
			case '"':
				s.i++
				return true
			}
			s.i++
		}
		return false
	case '{', '[':
		end := byte('}')
		if s.b[s.i] == '[' {
			end = ']'
		}
		s.i++
		if s.eat(end) {
			return true
		}
		for {
			if end == '}' {
				if _, ok := s.key(); !ok {
					return false
				}
			}
			if !s.skip() {
				return false
			}
			if s.eat(',') {
				continue
			}
			return s.eat(end)
		}
	default:
		start := s.i
		for s.i < len(s.b) && s.b[s.i] != ',' && s.b[s.i] != '}' && s.b[s.i] != ']' && s.b[s.i] != ' ' && s.b[s.i] != '\n' && s.b[s.i] != '\t' && s.b[s.i] != '\r' {
			s.i++
		}
		return s.i > start
	}
}

// key reads an object's key and its colon.
func (s *scanner) key() (string, bool) {
	k, ok := s.str()
	if !ok || !s.eat(':') {
		return "", false
	}
	return string(k), true
}

// object calls field for each key of an object (or accepts null).
func (s *scanner) object(field func(key string) bool) bool {
	if s.null() {
		return true
	}
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		k, ok := s.key()
		if !ok || !field(k) {
			return false
		}
		if s.eat(',') {
			continue
		}
		return s.eat('}')
	}
}

// array calls elem for each element of an array (or accepts null).
func (s *scanner) array(elem func() bool) bool {
	if s.null() {
		return true
	}
	if !s.eat('[') {
		return false
	}
	if s.eat(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.eat(',') {
			continue
		}
		return s.eat(']')
	}
}

func (s *scanner) message(m *wireMessage) bool {
	return s.object(func(k string) bool {
		switch k {
		case "type":
			v, ok := s.str()
			m.Type = string(v)
			return ok
		case "epoch":
			v, ok := s.str()
			m.Epoch = string(v)
			return ok
		case "version":
			v, ok := s.integer()
			m.Version = v
			return ok
		case "state", "patch":
			if s.null() {
				return true
			}
			b := &wireBody{}
			if k == "state" {
				m.State = b
			} else {
				m.Patch = b
			}
			return s.body(b)
		}
		return s.skip()
	})
}

func (s *scanner) body(b *wireBody) bool {
	return s.object(func(k string) bool {
		switch k {
		case "attendance":
			if s.null() {
				return true
			}
			b.Attendance = &wireAttendance{}
			return s.object(func(k string) bool {
				if k == "count" {
					v, ok := s.integer()
					b.Attendance.Count = int(v)
					return ok
				}
				return s.skip()
			})
		case "topics":
			return s.array(func() bool {
				var t wireTopic
				ok := s.object(func(k string) bool {
					switch k {
					case "id":
						v, ok := s.str()
						t.ID = string(v)
						return ok
					case "votes":
						v, ok := s.integer()
						t.Votes = int32(v)
						return ok
					}
					return s.skip()
				})
				b.Topics = append(b.Topics, t)
				return ok
			})
		case "removed_topics":
			return s.array(func() bool {
				v, ok := s.str()
				b.RemovedTopics = append(b.RemovedTopics, string(v))
				return ok
			})
		}
		return s.skip()
	})
}
