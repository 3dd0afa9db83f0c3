// Too slow: every subscription ever made is kept in one slice, each with its topic, and cancel
// only marks its subscription ended. Publish looks at all of them to find its topic's: O(all
// subscriptions, ended ones included) per Publish, instead of O(subscribers of the topic).
package pubsub

import "sync"

type subscription struct {
	topic  string
	ch     chan string
	active bool
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	subs   []*subscription
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscription{topic: topic, ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	s.active = true
	b.subs = append(b.subs, s)
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if s.active {
			s.active = false
			close(s.ch)
		}
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, s := range b.subs {
		if !s.active || s.topic != topic {
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
	b.closed = true
	for _, s := range b.subs {
		if s.active {
			s.active = false
			close(s.ch)
		}
	}
	b.subs = nil
}
