package loadtest

import (
	"math"
	"math/bits"
	"slices"
	"sync/atomic"
	"time"
)

// Histogram counts durations in log-linear buckets of microseconds: exact
// below 64 µs, then 64 buckets per power of two (under 1.6 % error), so
// millions of (write, client) pairs cost a fixed 22 KB. Safe for
// concurrent use.
type Histogram struct {
	counts [histBuckets]atomic.Uint64
	n      atomic.Uint64
	max    atomic.Int64
}

const (
	histSubBits = 6
	histSub     = 1 << histSubBits
	histBuckets = histSub + 42*histSub // up to 2^48 µs, far beyond any run
)

// bucketOf returns the bucket of a value in microseconds.
func bucketOf(us uint64) int {
	if us < histSub {
		return int(us)
	}
	shift := bits.Len64(us) - histSubBits - 1
	i := histSub + shift*histSub + int(us>>uint(shift)) - histSub
	return min(i, histBuckets-1)
}

// bucketHigh is the largest value in microseconds that falls in bucket i.
func bucketHigh(i int) uint64 {
	if i < histSub {
		return uint64(i)
	}
	shift := uint((i - histSub) / histSub)
	mant := uint64((i-histSub)%histSub + histSub)
	return (mant+1)<<shift - 1
}

// Record adds one duration; negative ones count as 0.
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketOf(uint64(d/time.Microsecond))].Add(1)
	h.n.Add(1)
	for {
		m := h.max.Load()
		if int64(d) <= m || h.max.CompareAndSwap(m, int64(d)) {
			return
		}
	}
}

// Merge adds o's counts into h.
func (h *Histogram) Merge(o *Histogram) {
	for i := range o.counts {
		if c := o.counts[i].Load(); c > 0 {
			h.counts[i].Add(c)
		}
	}
	h.n.Add(o.n.Load())
	if m := o.max.Load(); m > h.max.Load() {
		h.max.Store(m)
	}
}

// Count is how many durations were recorded.
func (h *Histogram) Count() uint64 { return h.n.Load() }

// Max is the largest duration recorded, exactly.
func (h *Histogram) Max() time.Duration { return time.Duration(h.max.Load()) }

// Quantile is the nearest-rank q-quantile (0 < q ≤ 1): the upper bound of
// the bucket holding the ceil(q·n)-th smallest value, never above Max.
// 0 when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	n := h.n.Load()
	if n == 0 {
		return 0
	}
	rank := max(uint64(math.Ceil(q*float64(n))), 1)
	var seen uint64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			return min(time.Duration(bucketHigh(i))*time.Microsecond, h.Max())
		}
	}
	return h.Max()
}

// Percentile is the nearest-rank q-quantile of durations (0 < q ≤ 1):
// the ceil(q·n)-th smallest. It sorts a copy; 0 when empty.
func Percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := max(int(math.Ceil(q*float64(len(s)))), 1)
	return s[min(rank, len(s))-1]
}
