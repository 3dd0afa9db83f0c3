// Package pubsub is the reference solution of the publish/subscribe challenge: a map from topic
// to the set of its subscriptions, behind one mutex. Publish sends to each subscription's
// buffered channel without waiting, and the channel is closed only under the same mutex, so a
// send can never meet a closed channel.
package pubsub

import "sync"

// subscription is one Subscribe's channel and what it is subscribed to.
type subscription struct {
	topic  string
	ch     chan string
	closed bool // the channel is closed; guarded by Broker.mu
}

// Broker delivers messages published to a topic to every subscription of that topic. It is
// safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	buffer int
	topics map[string]map[*subscription]struct{}
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: make(map[string]map[*subscription]struct{})}
}

// Subscribe returns a channel that receives the messages published to topic from now on, and a
// function that ends the subscription and closes the channel. The function may be called any
// number of times. After Close, Subscribe returns a channel that is already closed.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	s := &subscription{topic: topic, ch: make(chan string, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.closed = true
		close(s.ch)
		return s.ch, func() {}
	}
	subs := b.topics[topic]
	if subs == nil {
		subs = make(map[*subscription]struct{})
		b.topics[topic] = subs
	}
	subs[s] = struct{}{}
	return s.ch, func() { b.unsubscribe(s) }
}

func (b *Broker) unsubscribe(s *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.ch)
	subs := b.topics[s.topic]
	delete(subs, s)
	if len(subs) == 0 {
		delete(b.topics, s.topic) // so that topics nobody listens to any more take no memory
	}
}

// Publish puts msg in the buffer of every subscription of topic that has room, without
// waiting, and returns how many did. A subscription whose buffer is full misses msg.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for s := range b.topics[topic] {
		select {
		case s.ch <- msg:
			n++
		default: // full: this subscriber misses msg
		}
	}
	return n
}

// Close ends every subscription and closes its channel. Publish then delivers nothing, and
// Subscribe returns closed channels. Close may be called more than once.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, subs := range b.topics {
		for s := range subs {
			s.closed = true
			close(s.ch)
		}
	}
	b.topics = nil
}
