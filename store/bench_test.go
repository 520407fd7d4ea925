package store

import (
	"strconv"
	"sync"
	"testing"
)

// BenchmarkVote measures votes committed per second on a real file (each
// one fsynced), one voter at a time and with many voters at once, when
// db.Batch shares commits. Each operation is a vote or an unvote, so dots
// never run out.
//
//	go test ./store -run '^$' -bench Vote -benchtime 2000x
func BenchmarkVote(b *testing.B) {
	for _, voters := range []int{1, 64, 256} {
		b.Run("voters="+strconv.Itoa(voters), func(b *testing.B) {
			s := mustOpen(b)
			e := mustEvent(b, s)
			topic := mustTopic(b, s, e.ID, "", "Puppet")
			people := make([]string, voters)
			for v := range people {
				people[v] = mustJoin(b, s, e.ID, "Dev").ID
			}
			var wg sync.WaitGroup
			b.ResetTimer()
			for v, attendee := range people {
				n := b.N / voters
				if v < b.N%voters {
					n++
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; i < n; i++ {
						vote := s.Vote
						if i%2 == 1 {
							vote = s.Unvote
						}
						if _, err := vote(ctx, e.ID, attendee, topic.ID); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
		})
	}
}

// BenchmarkAttendance reads the attendance of an event of 3,000 people, as
// every patch after a join and every snapshot does.
//
//	go test ./store -run '^$' -bench Attendance -benchtime 200x
func BenchmarkAttendance(b *testing.B) {
	s := mustOpen(b)
	e := mustEvent(b, s)
	for range 3000 {
		mustJoin(b, s, e.ID, "Dev")
	}
	b.ResetTimer()
	for range b.N {
		if _, err := s.Attendance(ctx, e.ID); err != nil {
			b.Fatal(err)
		}
	}
}
