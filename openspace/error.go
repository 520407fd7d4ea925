package openspace

import (
	"errors"
	"fmt"
)

// Error codes. The server maps each one to an HTTP status in one place;
// anything that is not an *Error is internal.
const (
	EINVALID      = "invalid"      // the input breaks a rule of its own (empty title, bad JSON)
	ENOTFOUND     = "not_found"    // no such event, topic, attendee
	ECONFLICT     = "conflict"     // the input is fine but the state refuses it (phase closed, cell taken)
	EBUDGET       = "no_dots_left" // the attendee has spent every dot
	EPHASE        = "phase_closed" // proposals or voting are not open
	EFORBIDDEN    = "forbidden"    // authenticated, but not allowed
	EUNAUTHORIZED = "unauthorized" // no or unknown credential
	ETOOLARGE     = "too_large"    // body over the limit
	EINTERNAL     = "internal"     // a bug or an I/O failure: logged, never detailed to the client
)

// Error is a domain error: a machine-readable code and a message safe to show.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("openspace error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil
// and EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic text for internal errors so that details never leak to clients.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
