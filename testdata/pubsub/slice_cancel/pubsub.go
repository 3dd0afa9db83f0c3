// Too slow: each topic keeps its subscribers in a slice, and cancel scans the slice for its
// subscriber's id and cuts it out with append(subs[:i], subs[i+1:]...): O(subscribers of the
// topic) per cancel, where a map (or an index kept in the subscriber) makes it O(1).
package pubsub

import "sync"

type subscriber struct {
	id   int
	ch   chan string
	done bool
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	topics map[string][]*subscriber
	nextID int
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: map[string][]*subscriber{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscriber{ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.done = true
		close(s.ch)
		return s.ch, func() {}
	}
	b.nextID++
	s.id = b.nextID
	b.topics[topic] = append(b.topics[topic], s)
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if s.done {
			return
		}
		s.done = true
		close(s.ch)
		subs := b.topics[topic]
		for i, other := range subs {
			if other.id == s.id {
				b.topics[topic] = append(subs[:i], subs[i+1:]...)
				break
			}
		}
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, s := range b.topics[topic] {
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
		for _, s := range subs {
			if !s.done {
				s.done = true
				close(s.ch)
			}
		}
	}
	b.topics = map[string][]*subscriber{}
}
