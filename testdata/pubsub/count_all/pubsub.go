// Wrong: Publish returns the number of subscribers of the topic, including those whose buffer
// was full and who therefore missed the message.
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
	topics map[string]map[*subscriber]bool
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: map[string]map[*subscriber]bool{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &subscriber{ch: make(chan string, b.buffer)}
	if b.closed {
		s.closed = true
		close(s.ch)
		return s.ch, func() {}
	}
	if b.topics[topic] == nil {
		b.topics[topic] = map[*subscriber]bool{}
	}
	b.topics[topic][s] = true
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

// Publish delivers msg to every subscriber of topic and returns how many subscribers it has.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.topics[topic] {
		select {
		case s.ch <- msg:
		default: // full: drop it
		}
	}
	return len(b.topics[topic])
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
	b.topics = map[string]map[*subscriber]bool{}
}
