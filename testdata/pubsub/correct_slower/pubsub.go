// Correct, a little slower than a tuned solution with the same complexity: each topic maps
// subscription IDs to subscriptions, behind the broker's mutex, but the IDs are strings made
// with fmt.Sprintf on every Subscribe (an int, or the subscription's pointer, would do), and
// each subscription guards its channel with a mutex of its own, taken by Publish for every send
// although the broker's lock already guards it. Every call is still O(1) in the subscribers of
// other topics. It must pass every suite.
package pubsub

import (
	"fmt"
	"sync"
)

type subscription struct {
	id    string
	topic string
	ch    chan string

	mu     sync.Mutex // guards closed and the sends on ch
	closed bool
}

// offer sends msg to s unless its buffer is full or it is closed, and reports whether it did.
func (s *subscription) offer(msg string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	select {
	case s.ch <- msg:
		return true
	default:
		return false
	}
}

// close closes the channel of s, once.
func (s *subscription) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	topics map[string]map[string]*subscription // topic -> subscription ID -> subscription
	nextID int
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: map[string]map[string]*subscription{}}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	s := &subscription{
		id:    fmt.Sprintf("sub-%d", b.nextID),
		topic: topic,
		ch:    make(chan string, b.buffer),
	}
	if b.closed {
		s.close()
		return s.ch, func() {}
	}
	subs, ok := b.topics[topic]
	if !ok {
		subs = map[string]*subscription{}
		b.topics[topic] = subs
	}
	subs[s.id] = s
	return s.ch, func() { b.cancel(s) }
}

func (b *Broker) cancel(s *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	subs := b.topics[s.topic]
	if subs[s.id] != s {
		return // cancelled already, or closed by Close
	}
	delete(subs, s.id)
	if len(subs) == 0 {
		delete(b.topics, s.topic)
	}
	s.close()
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, s := range b.topics[topic] {
		if s.offer(msg) {
			n++
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
		for _, s := range subs {
			s.close()
		}
	}
	b.topics = nil
}
