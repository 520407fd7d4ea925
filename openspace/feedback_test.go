package openspace

import (
	"errors"
	"strings"
	"testing"
)

func TestFeedbackInputValidate(t *testing.T) {
	attended := map[string]bool{"t1": true, "t2": true}
	long := strings.Repeat("é", MaxTextLen+1)
	for _, tc := range []struct {
		name string
		in   FeedbackInput
		want string // error code, "" for none
	}{
		{"nothing given", FeedbackInput{}, ""},
		{"every mark", FeedbackInput{Evening: 5, Topics: map[string]int{"t1": 1, "t2": 3}, Worked: "Les pizzas", Blocked: "Le bruit\nde la rue"}, ""},
		{"a topic without a mark", FeedbackInput{Topics: map[string]int{"t9": 0}}, ""},
		{"evening too high", FeedbackInput{Evening: 6}, EINVALID},
		{"evening negative", FeedbackInput{Evening: -1}, EINVALID},
		{"topic mark out of range", FeedbackInput{Topics: map[string]int{"t1": 7}}, EINVALID},
		{"a topic not attended", FeedbackInput{Topics: map[string]int{"t3": 4}}, EINVALID},
		{"what worked too long", FeedbackInput{Worked: long}, EINVALID},
		{"what blocked too long", FeedbackInput{Blocked: long}, EINVALID},
		{"2000 characters fit", FeedbackInput{Worked: strings.Repeat("é", MaxTextLen)}, ""},
		{"a control character", FeedbackInput{Blocked: "a\x00b"}, EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.Normalize()
			if got := ErrorCode(in.Validate(attended)); got != tc.want {
				t.Errorf("Validate(%+v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFeedbackInputNormalize(t *testing.T) {
	in := FeedbackInput{Evening: 4, Topics: map[string]int{"t1": 0, "t2": 5}, Worked: "  bien \n", Blocked: "\t"}
	in.Normalize()
	if in.Worked != "bien" || in.Blocked != "" || len(in.Topics) != 1 || in.Topics["t2"] != 5 {
		t.Errorf("Normalize = %+v", in)
	}
}

func TestFeedbackErrorsInFrench(t *testing.T) {
	in := FeedbackInput{Worked: strings.Repeat("a", MaxTextLen+1)}
	var e *Error
	err := in.Validate(nil)
	if !errors.As(err, &e) {
		t.Fatalf("Validate: %v", err)
	}
	if got, want := e.In(LangFR), "Le champ « ce qui a marché » dépasse 2000 caractères."; got != want {
		t.Errorf("French = %q, want %q", got, want)
	}
}

func TestSummarizeROTI(t *testing.T) {
	s := SummarizeROTI([]Feedback{
		{Attendee: "a", Evening: 5, Topics: map[string]int{"t1": 4}},
		{Attendee: "b", Evening: 5, Topics: map[string]int{"t1": 2, "t2": 5}},
		{Attendee: "c", Evening: 1},
		{Attendee: "d", Worked: "no mark, a comment"},
	})
	if s.Count != 4 {
		t.Errorf("Count = %d, want 4", s.Count)
	}
	if s.Evening != [MaxROTI]int{1, 0, 0, 0, 2} {
		t.Errorf("Evening = %v", s.Evening)
	}
	if s.Topics["t1"] != [MaxROTI]int{0, 1, 0, 1, 0} || s.Topics["t2"] != [MaxROTI]int{0, 0, 0, 0, 1} || len(s.Topics) != 2 {
		t.Errorf("Topics = %v", s.Topics)
	}
	if got := Average(s.Evening); got != 11.0/3 {
		t.Errorf("Average = %v, want %v", got, 11.0/3)
	}
	if got := Average([MaxROTI]int{}); got != 0 {
		t.Errorf("Average of nothing = %v", got)
	}
}
