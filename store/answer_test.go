package store

import (
	"encoding/json"
	"testing"

	"openspace/openspace"
)

func TestAnswerOf(t *testing.T) {
	for _, answer := range []string{"", "Dev", "Ops", `say "hi"`, `back\slash`, "é\u2028\t", `"answer":"x"`} {
		for _, name := range []string{"Ada", `"answer":"forged"`, `\"answer\":`} {
			a := openspace.Attendee{ID: "a1", EventID: "e1", Name: name, Answer: answer}
			data, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := answerOf([]byte("k"), data)
			if err != nil || got != answer {
				t.Errorf("answerOf(%s) = %q, %v; want %q", data, got, err, answer)
			}
		}
	}
	got, err := answerOf([]byte("k"), []byte(`{"id":"a1","name":"Old"}`))
	if err != nil || got != "" {
		t.Errorf("record without an answer: got %q, %v; want \"\", nil", got, err)
	}
	for _, bad := range []string{`{"answer":`, `{"answer":"open`, `{"answer":3}`, `{"answer":"\x"}`} {
		if _, err := answerOf([]byte("k"), []byte(bad)); err == nil {
			t.Errorf("answerOf(%s): no error", bad)
		}
	}
}
