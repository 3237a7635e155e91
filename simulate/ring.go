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

// popBack removes the newest element and returns it.
func (r *ring[T]) popBack() T {
	i := (r.head + r.n - 1) % len(r.buf)
	v := r.buf[i]
	var zero T
	r.buf[i] = zero
	r.n--
	return v
}

// event is one scheduled happening of the discrete-event engine. Events
// at the same time run in the order they were scheduled, which keeps runs
// deterministic: key holds the schedule sequence number above the kind.
type event struct {
	t   float64
	key uint64 // seq<<8 | kind
	idx int32
	gen uint32
}

func (e event) kind() evKind { return evKind(e.key & 0xff) }

type evKind uint8

const (
	evArrival    evKind = iota
	evDone              // an invocation's own work ends
	evTimeout           // a waiting invocation reaches its timeout
	evAsyncRetry        // an asynchronous invocation is tried again
	evQueueWake         // delayed or returned messages become visible; a batching window closes
	evLaneWake          // a stream shard's consumer tries again
	evSample            // time-series sample
	evFirehose          // a delivery stream's buffer interval ends
)

// eventHeap is a 4-ary min-heap of events by (t, key), by value so that
// scheduling allocates nothing once it has grown; four children per node
// halve the depth of a binary heap and keep siblings in one cache line.
type eventHeap []event

func before(a, b *event) bool {
	return a.t < b.t || a.t == b.t && a.key < b.key
}

func (h *eventHeap) push(e event) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !before(&e, &s[p]) {
			break
		}
		s[i] = s[p]
		i = p
	}
	s[i] = e
}

func (h *eventHeap) pop() event {
	s := *h
	top := s[0]
	last := len(s) - 1
	x := s[last]
	s = s[:last]
	n := len(s)
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < c+4 && k < n; k++ {
			if before(&s[k], &s[m]) {
				m = k
			}
		}
		if !before(&s[m], &x) {
			break
		}
		s[i] = s[m]
		i = m
	}
	if n > 0 {
		s[i] = x
	}
	*h = s
	return top
}
