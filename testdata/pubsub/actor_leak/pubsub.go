// Leaks: the broker's state belongs to one goroutine, started by New, that runs every request
// sent to it; Publish, Subscribe and cancel send it a request and wait for the answer. Close
// closes the subscribers' channels but never stops that goroutine, so every broker leaves one
// goroutine behind for ever.
package pubsub

type subscriber struct {
	topic string
	ch    chan string
	open  bool
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	requests chan func()
	// Only the loop goroutine touches these.
	buffer int
	topics map[string]map[*subscriber]bool
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	b := &Broker{requests: make(chan func()), buffer: buffer, topics: map[string]map[*subscriber]bool{}}
	go b.loop()
	return b
}

func (b *Broker) loop() {
	for req := range b.requests {
		req()
	}
}

// do runs f on the loop goroutine and waits for it to finish.
func (b *Broker) do(f func()) {
	done := make(chan struct{})
	b.requests <- func() {
		f()
		close(done)
	}
	<-done
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscriber{topic: topic, ch: make(chan string, b.buffer)}
	b.do(func() {
		if b.closed {
			close(s.ch)
			return
		}
		s.open = true
		if b.topics[topic] == nil {
			b.topics[topic] = map[*subscriber]bool{}
		}
		b.topics[topic][s] = true
	})
	return s.ch, func() {
		b.do(func() {
			if s.open {
				s.open = false
				delete(b.topics[topic], s)
				close(s.ch)
			}
		})
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	n := 0
	b.do(func() {
		for s := range b.topics[topic] {
			select {
			case s.ch <- msg:
				n++
			default:
			}
		}
	})
	return n
}

// Close unsubscribes everyone and closes every channel.
func (b *Broker) Close() {
	b.do(func() {
		b.closed = true
		for _, subs := range b.topics {
			for s := range subs {
				if s.open {
					s.open = false
					close(s.ch)
				}
			}
		}
		b.topics = map[string]map[*subscriber]bool{}
	})
}
