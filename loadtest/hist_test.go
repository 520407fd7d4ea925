package loadtest

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100 … 1, unsorted
	}
	tests := []struct {
		name string
		in   []time.Duration
		q    float64
		want time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one", ms(7), 0.99, 7 * time.Millisecond},
		{"median of odd", ms(3, 1, 2), 0.5, 2 * time.Millisecond},
		{"median of even is the lower", ms(4, 1, 3, 2), 0.5, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 0.99, 99 * time.Millisecond},
		{"p50 of 100", ms(hundred...), 0.5, 50 * time.Millisecond},
		{"max", ms(hundred...), 1, 100 * time.Millisecond},
		{"tiny q is the smallest", ms(5, 9), 0.0001, 5 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.in, tt.q); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.in, tt.q, got, tt.want)
			}
		})
	}
}

func TestHistogramQuantile(t *testing.T) {
	tests := []struct {
		name   string
		in     []time.Duration
		q      float64
		want   time.Duration
		within float64 // relative error allowed by the buckets
	}{
		{"empty", nil, 0.99, 0, 0},
		{"exact below 64 µs", []time.Duration{10 * time.Microsecond, 20 * time.Microsecond, 30 * time.Microsecond}, 0.5, 20 * time.Microsecond, 0},
		{"negative counts as zero", []time.Duration{-time.Second}, 1, 0, 0},
		{"p99 of 1…1000 ms", steps(1000, time.Millisecond), 0.99, 990 * time.Millisecond, 0.016},
		{"p50 of 1…1000 ms", steps(1000, time.Millisecond), 0.5, 500 * time.Millisecond, 0.016},
		{"never above the max", []time.Duration{1001 * time.Microsecond}, 1, 1001 * time.Microsecond, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Histogram
			for _, d := range tt.in {
				h.Record(d)
			}
			got := h.Quantile(tt.q)
			if diff := float64(got - tt.want); diff < 0 || diff > tt.within*float64(tt.want) {
				t.Errorf("Quantile(%v) = %v, want %v (at most %.1f %% above)", tt.q, got, tt.want, 100*tt.within)
			}
		})
	}
}

func TestHistogramBuckets(t *testing.T) {
	for _, us := range []uint64{0, 1, 63, 64, 65, 127, 128, 129, 1000, 123456, 1 << 40} {
		i := bucketOf(us)
		if high := bucketHigh(i); high < us {
			t.Errorf("bucket %d of %d µs ends at %d, below the value", i, us, high)
		}
		if i > 0 && bucketHigh(i-1) >= us {
			t.Errorf("bucket %d of %d µs: the previous bucket already ends at %d", i, us, bucketHigh(i-1))
		}
	}
}

func TestHistogramMerge(t *testing.T) {
	var a, b Histogram
	a.Record(time.Millisecond)
	b.Record(3 * time.Millisecond)
	b.Record(2 * time.Millisecond)
	a.Merge(&b)
	if got, want := a.Count(), uint64(3); got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
	if got, want := a.Max(), 3*time.Millisecond; got != want {
		t.Errorf("Max = %v, want %v", got, want)
	}
}

// steps is 1·unit, 2·unit, … n·unit.
func steps(n int, unit time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = time.Duration(i+1) * unit
	}
	return out
}
