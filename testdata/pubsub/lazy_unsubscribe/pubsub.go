// Too slow: cancel only marks its subscription done and closes the channel; the subscription
// stays in its topic's slice, and Publish skips those marked done. Subscribe and cancel are
// O(1) and every answer is right, but a topic's slice keeps every subscription it ever had, so
// Publish to a topic whose subscribers come and go pays for all of them, gone or not (and the
// broker's memory grows with every subscription ever made).
package pubsub

import "sync"

type subscriber struct {
	ch   chan string
	done bool
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.RWMutex
	buffer int
	subs   map[string][]*subscriber
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, subs: make(map[string][]*subscriber)}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &subscriber{ch: make(chan string, b.buffer)}
	if b.closed {
		s.done = true
		close(s.ch)
		return s.ch, func() {}
	}
	b.subs[topic] = append(b.subs[topic], s)
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if !s.done {
			s.done = true
			close(s.ch)
		}
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for _, s := range b.subs[topic] {
		if s.done {
			continue
		}
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
	if b.closed {
		return
	}
	b.closed = true
	for _, list := range b.subs {
		for _, s := range list {
			if !s.done {
				s.done = true
				close(s.ch)
			}
		}
	}
	b.subs = nil
}
