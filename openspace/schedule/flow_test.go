package schedule

import "testing"

func TestFlowNetworkMaxFlow(t *testing.T) {
	type edge struct{ from, to, capacity int }
	for _, tt := range []struct {
		name   string
		nodes  int
		edges  []edge
		source int
		sink   int
		want   int
	}{
		{"no edge", 2, nil, 0, 1, 0},
		{"one edge", 2, []edge{{0, 1, 7}}, 0, 1, 7},
		{"parallel edges add up", 2, []edge{{0, 1, 2}, {0, 1, 3}}, 0, 1, 5},
		{"bottleneck", 3, []edge{{0, 1, 10}, {1, 2, 4}}, 0, 2, 4},
		{"sink unreachable", 4, []edge{{0, 1, 5}, {2, 3, 5}}, 0, 3, 0},
		{
			// CLRS figure 26.1: the classic six-node network.
			"textbook network", 6,
			[]edge{{0, 1, 16}, {0, 2, 13}, {1, 3, 12}, {2, 1, 4}, {2, 4, 14}, {3, 2, 9}, {3, 5, 20}, {4, 3, 7}, {4, 5, 4}},
			0, 5, 23,
		},
		{
			// Needs a flow to be undone: the greedy path 0-1-2-3 blocks 0-2.
			"needs a reverse edge", 4,
			[]edge{{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {1, 3, 1}, {2, 3, 1}},
			0, 3, 2,
		},
		{
			// Bipartite seating: 3 people, 2 rooms of 1 seat.
			"bipartite with capacities", 7,
			[]edge{{0, 2, 1}, {0, 3, 1}, {0, 4, 1}, {2, 5, 1}, {3, 5, 1}, {3, 6, 1}, {4, 6, 1}, {5, 1, 1}, {6, 1, 1}},
			0, 1, 2,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var g flowNetwork
			g.reset(tt.nodes)
			ids := make([]int, len(tt.edges))
			for i, e := range tt.edges {
				ids[i] = g.addEdge(e.from, e.to, e.capacity)
			}
			if got := g.maxFlow(tt.source, tt.sink); got != tt.want {
				t.Fatalf("maxFlow = %d, want %d", got, tt.want)
			}
			// Per-edge flows: within capacity, conserved at inner nodes,
			// and what leaves the source is the value.
			balance := make([]int, tt.nodes)
			for i, e := range tt.edges {
				f := g.flow(ids[i])
				if f < 0 || f > e.capacity {
					t.Errorf("edge %d→%d: flow %d outside [0, %d]", e.from, e.to, f, e.capacity)
				}
				balance[e.from] -= f
				balance[e.to] += f
			}
			for v, b := range balance {
				switch v {
				case tt.source:
					if got, want := -b, tt.want; got != want {
						t.Errorf("net flow out of the source = %d, want %d", got, want)
					}
				case tt.sink:
					if got, want := b, tt.want; got != want {
						t.Errorf("net flow into the sink = %d, want %d", got, want)
					}
				default:
					if b != 0 {
						t.Errorf("node %d: flow in − out = %d, want 0", v, b)
					}
				}
			}
		})
	}
}

func TestFlowNetworkIsReusable(t *testing.T) {
	var g flowNetwork
	g.reset(3)
	g.addEdge(0, 1, 5)
	g.addEdge(1, 2, 5)
	if got, want := g.maxFlow(0, 2), 5; got != want {
		t.Fatalf("first maxFlow = %d, want %d", got, want)
	}
	g.reset(2)
	e := g.addEdge(0, 1, 3)
	if got, want := g.maxFlow(0, 1), 3; got != want {
		t.Fatalf("maxFlow after reset = %d, want %d", got, want)
	}
	if got, want := g.flow(e), 3; got != want {
		t.Errorf("flow = %d, want %d", got, want)
	}
}
