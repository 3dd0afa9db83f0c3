// Hangs: Publish sends with a plain `s.ch <- msg`, which waits while the subscriber's buffer is
// full, and it waits holding the lock. One subscriber that stops reading stops every publisher.
package pubsub

import "sync"

type subscription struct {
	ch   chan string
	once sync.Once
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	topics map[string]map[*subscription]bool
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: map[string]map[*subscription]bool{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscription{ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	if b.topics[topic] == nil {
		b.topics[topic] = map[*subscription]bool{}
	}
	b.topics[topic][s] = true
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.topics[topic], s)
		s.once.Do(func() { close(s.ch) })
	}
}

// Publish delivers msg to every subscriber of topic and returns how many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for s := range b.topics[topic] {
		s.ch <- msg
		n++
	}
	return n
}

// Close unsubscribes everyone and closes every channel.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, subs := range b.topics {
		for s := range subs {
			s.once.Do(func() { close(s.ch) })
		}
	}
	b.topics = map[string]map[*subscription]bool{}
}
