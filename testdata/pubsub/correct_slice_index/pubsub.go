// Correct: each topic keeps its subscriptions in a slice, and each subscription knows its index
// in it, so cancel removes it in O(1) by moving the last one into its place. One mutex guards
// everything, Publish included. It must pass every suite.
package pubsub

import "sync"

type subscription struct {
	ch    chan string
	topic string
	index int // in Broker.topics[topic]; -1 once unsubscribed
}

// Broker is an in-memory publish/subscribe broker, safe for concurrent use.
type Broker struct {
	mu     sync.Mutex
	size   int
	topics map[string][]*subscription
	done   bool
}

// New returns a broker whose subscriptions each buffer up to size messages.
func New(size int) *Broker {
	return &Broker{size: size, topics: make(map[string][]*subscription)}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &subscription{ch: make(chan string, b.size), topic: topic, index: -1}
	if b.done {
		close(s.ch)
		return s.ch, func() {}
	}
	s.index = len(b.topics[topic])
	b.topics[topic] = append(b.topics[topic], s)
	return s.ch, func() { b.remove(s) }
}

func (b *Broker) remove(s *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.index < 0 {
		return // already removed
	}
	list := b.topics[s.topic]
	last := list[len(list)-1]
	list[s.index] = last
	last.index = s.index
	list[len(list)-1] = nil
	b.topics[s.topic] = list[:len(list)-1]
	s.index = -1
	close(s.ch)
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	count := 0
	for _, s := range b.topics[topic] {
		select {
		case s.ch <- msg:
			count++
		default:
		}
	}
	return count
}

// Close unsubscribes everyone and closes every channel.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	b.done = true
	for topic, list := range b.topics {
		for _, s := range list {
			s.index = -1
			close(s.ch)
		}
		delete(b.topics, topic)
	}
}
