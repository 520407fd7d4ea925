package openspace

import (
	"errors"
	"fmt"
	"strings"
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

// Error is a domain error: a machine-readable code and a message safe to
// show, in English; In gives it in another language.
type Error struct {
	Code    string
	Message string

	format string // the English format, the key of the translations
	args   []any
}

func (e *Error) Error() string {
	return fmt.Sprintf("openspace error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// In returns the message in the language (LangFR or LangEN); English when
// there is no translation.
func (e *Error) In(lang string) string {
	if lang == LangFR {
		if fr, ok := messagesFR[e.format]; ok {
			args := append([]any(nil), e.args...)
			// "The %s is required.": the first argument names a field.
			if field, ok := firstString(args); ok && strings.HasPrefix(e.format, "The %s") && fieldNamesFR[field] != "" {
				args[0] = fieldNamesFR[field]
			}
			return fmt.Sprintf(fr, args...)
		}
	}
	return e.Message
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

func firstString(args []any) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	s, ok := args[0].(string)
	return s, ok
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic text for internal errors so that details never leak to clients.
func ErrorMessage(err error) string {
	return ErrorMessageIn(err, LangEN)
}

// ErrorMessageIn is ErrorMessage in the given language.
func ErrorMessageIn(err error, lang string) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.In(lang)
	}
	if lang == LangFR {
		return "Erreur interne."
	}
	return "Internal error."
}
