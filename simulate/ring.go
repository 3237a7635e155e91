package simulate

// ring is a growable FIFO buffer. Queues, stream shards and the warm
// instance pools use it so that steady traffic allocates nothing.
type ring[T any] struct {
	buf  []T
	head int
	n    int
}

func (r *ring[T]) len() int { return r.n }

func (r *ring[T]) push(v T) {
	if r.n == len(r.buf) {
		nb := make([]T, max(16, 2*len(r.buf)))
		for i := range r.n {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = v
	r.n++
}

// front is the oldest element; the ring must not be empty.
func (r *ring[T]) front() *T { return &r.buf[r.head] }

// at is the i-th oldest element.
func (r *ring[T]) at(i int) *T { return &r.buf[(r.head+i)%len(r.buf)] }

func (r *ring[T]) pop() T {
	v := r.buf[r.head]
	var zero T
	r.buf[r.head] = zero
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	return v
}

// back is the newest element; popBack removes it.
func (r *ring[T]) back() *T { return &r.buf[(r.head+r.n-1)%len(r.buf)] }

func (r *ring[T]) popBack() T {
	i := (r.head + r.n - 1) % len(r.buf)
	v := r.buf[i]
	var zero T
	r.buf[i] = zero
	r.n--
	return v
}

// event is one scheduled happening of the discrete-event engine. Events
// at the same time run in the order they were scheduled (seq), which
// keeps runs deterministic.
type event struct {
	t    float64
	seq  uint64
	idx  int32
	gen  uint32
	kind evKind
}

type evKind uint8

const (
	evArrival    evKind = iota
	evDone              // an invocation's own work ends
	evTimeout           // a waiting invocation reaches its timeout
	evAsyncRetry        // an asynchronous invocation is tried again
	evQueueWake         // delayed or returned messages become visible; a batching window closes
	evLaneWake          // a stream shard's consumer tries again
	evSample            // time-series sample
)

// eventHeap is a binary min-heap of events by (t, seq), by value so that
// scheduling allocates nothing once it has grown.
type eventHeap []event

func (h eventHeap) less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].seq < h[j].seq
}

func (h *eventHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *eventHeap) pop() event {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(s) {
			break
		}
		m := l
		if r := l + 1; r < len(s) && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}
