package schedule

// flowNetwork is a directed graph with integer capacities and Dinic's
// max-flow. It is reused across calls (reset keeps the memory) because the
// search evaluates tens of thousands of small networks.
//
// Edges are stored in pairs: edge e and its reverse e^1. The flow on an
// edge added by addEdge is the residual capacity of its reverse.
type flowNetwork struct {
	head  []int32 // first edge out of each node, -1 for none
	next  []int32 // next edge out of the same node
	to    []int32
	cap   []int32 // residual capacity
	level []int32
	iter  []int32
	queue []int32
}

// reset empties the network and gives it n nodes numbered 0..n-1.
func (g *flowNetwork) reset(n int) {
	g.head = resize(g.head, n)
	for i := range g.head {
		g.head[i] = -1
	}
	g.next, g.to, g.cap = g.next[:0], g.to[:0], g.cap[:0]
	g.level = resize(g.level, n)
	g.iter = resize(g.iter, n)
}

func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

// addEdge adds an edge from → to with the capacity and returns its id.
func (g *flowNetwork) addEdge(from, to, capacity int) int {
	id := len(g.to)
	g.to = append(g.to, int32(to), int32(from))
	g.cap = append(g.cap, int32(capacity), 0)
	g.next = append(g.next, g.head[from], g.head[to])
	g.head[from], g.head[to] = int32(id), int32(id+1)
	return id
}

// flow returns the flow on the edge with the given id after maxFlow.
func (g *flowNetwork) flow(edge int) int {
	return int(g.cap[edge^1])
}

// maxFlow pushes the maximum flow from source to sink and returns its
// value. Calling it again continues from the current flow.
func (g *flowNetwork) maxFlow(source, sink int) int {
	total := 0
	for g.buildLevels(source, sink) {
		copy(g.iter, g.head)
		for {
			pushed := g.augment(source, sink, 1<<30)
			if pushed == 0 {
				break
			}
			total += pushed
		}
	}
	return total
}

// buildLevels labels nodes with their BFS distance from the source in the
// residual graph and reports whether the sink is reachable.
func (g *flowNetwork) buildLevels(source, sink int) bool {
	for i := range g.level {
		g.level[i] = -1
	}
	g.level[source] = 0
	g.queue = append(g.queue[:0], int32(source))
	for i := 0; i < len(g.queue); i++ {
		u := g.queue[i]
		for e := g.head[u]; e >= 0; e = g.next[e] {
			if v := g.to[e]; g.cap[e] > 0 && g.level[v] < 0 {
				g.level[v] = g.level[u] + 1
				g.queue = append(g.queue, v)
			}
		}
	}
	return g.level[sink] >= 0
}

// augment sends up to limit units along one level-increasing path (DFS with
// the current-edge pointers of Dinic's blocking flow).
func (g *flowNetwork) augment(u, sink int, limit int32) int {
	if u == sink {
		return int(limit)
	}
	for ; g.iter[u] >= 0; g.iter[u] = g.next[g.iter[u]] {
		e := g.iter[u]
		v := g.to[e]
		if g.cap[e] == 0 || g.level[v] != g.level[u]+1 {
			continue
		}
		if pushed := g.augment(int(v), sink, min(limit, g.cap[e])); pushed > 0 {
			g.cap[e] -= int32(pushed)
			g.cap[e^1] += int32(pushed)
			return pushed
		}
	}
	return 0
}
