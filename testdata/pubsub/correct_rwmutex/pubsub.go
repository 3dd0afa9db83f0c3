// Correct: topics map to sets of subscriptions behind a sync.RWMutex. Publishers share the read
// lock and send without waiting; cancel and Close take the write lock, so a channel is never
// closed while a Publish may be sending on it, and sync.Once makes closing idempotent. It must
// pass every suite.
package pubsub

import "sync"

type sub struct {
	topic string
	ch    chan string
	once  sync.Once
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.RWMutex
	buffer int
	subs   map[string]map[*sub]bool
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, subs: map[string]map[*sub]bool{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &sub{topic: topic, ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	if b.subs[topic] == nil {
		b.subs[topic] = map[*sub]bool{}
	}
	b.subs[topic][s] = true
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs[topic], s)
		s.once.Do(func() { close(s.ch) })
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for s := range b.subs[topic] {
		select {
		case s.ch <- msg:
			n++
		default:
		}
	}
	return n
}

// Close unsubscribes everyone and closes every channel.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, set := range b.subs {
		for s := range set {
			s.once.Do(func() { close(s.ch) })
		}
	}
	b.subs = map[string]map[*sub]bool{}
}
