package store

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// OnCommit has fn told how long each committed write took, from asking
// for its transaction to its commit on disk (fsync included; a batched
// write also waits to join a batch, and each write of a shared commit
// counts once): the latency every acknowledged write paid. fn runs on the
// writer's goroutine, so it must be quick; nil stops the counting. A
// write that fails or is rolled back is not counted.
func (s *Store) OnCommit(fn func(d time.Duration)) {
	if fn == nil {
		s.onCommit.Store(nil)
		return
	}
	s.onCommit.Store(&fn)
}

// timed wraps commit (db.Update or db.Batch) so that OnCommit hears of it.
func (s *Store) timed(commit func(func(*bolt.Tx) error) error) func(func(*bolt.Tx) error) error {
	return func(fn func(*bolt.Tx) error) error {
		hook := s.onCommit.Load()
		if hook == nil {
			return commit(fn)
		}
		start := time.Now()
		err := commit(fn)
		if err == nil {
			(*hook)(time.Since(start))
		}
		return err
	}
}
