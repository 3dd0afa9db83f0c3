// Panics: cancel deletes the subscription and closes its channel every time it is called, so a
// second call, or a call after Close has closed every channel, closes a closed channel.
package pubsub

import "sync"

type subscriber struct {
	ch chan string
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.RWMutex
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
		delete(b.topics[topic], s)
		close(s.ch)
	}
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := 0
	for s := range b.topics[topic] {
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
	for _, subs := range b.topics {
		for s := range subs {
			close(s.ch)
		}
	}
	b.topics = map[string]map[*subscriber]struct{}{}
}
