// Race: Publish copies the topic's subscribers under the lock, then releases it before
// sending, "so that slow channels never hold the lock". A cancel or Close can then close a
// channel between the copy and the send: the send and the close race, and the send can panic.
package pubsub

import "sync"

type subscriber struct {
	ch     chan string
	closed bool
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	topics map[string]map[*subscriber]struct{}
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: map[string]map[*subscriber]struct{}{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscriber{ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.closed = true
		close(s.ch)
		return s.ch, func() {}
	}
	if b.topics[topic] == nil {
		b.topics[topic] = map[*subscriber]struct{}{}
	}
	b.topics[topic][s] = struct{}{}
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if !s.closed {
			s.closed = true
			delete(b.topics[topic], s)
			close(s.ch)
		}
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	subs := make([]*subscriber, 0, len(b.topics[topic]))
	for s := range b.topics[topic] {
		subs = append(subs, s)
	}
	b.mu.Unlock()

	n := 0
	for _, s := range subs {
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
	for _, subs := range b.topics {
		for s := range subs {
			if !s.closed {
				s.closed = true
				close(s.ch)
			}
		}
	}
	b.topics = map[string]map[*subscriber]struct{}{}
}
