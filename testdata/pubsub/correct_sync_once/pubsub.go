// Correct: the way the pattern is often written up. A sync.RWMutex lets publishers run side by
// side; each subscription closes its channel through a sync.Once, which its cancel and Close
// share, so a channel is closed exactly once whoever gets there first. Subscriptions are kept
// in a map per topic, keyed by an id, and a topic with nobody left is dropped.
package pubsub

import "sync"

type subscription struct {
	id    uint64
	topic string
	ch    chan string
	once  sync.Once
}

func (s *subscription) close() { s.once.Do(func() { close(s.ch) }) }

// Broker fans out messages to the subscribers of each topic. It is safe for concurrent use.
type Broker struct {
	mu     sync.RWMutex
	buffer int
	nextID uint64
	topics map[string]map[uint64]*subscription
	closed bool
}

// New returns a broker whose subscriptions each buffer up to buffer messages.
func New(buffer int) *Broker {
	return &Broker{buffer: buffer, topics: make(map[string]map[uint64]*subscription)}
}

// Subscribe returns a channel of the messages published to topic from now on, and a function
// that unsubscribes and closes the channel.
func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := &subscription{topic: topic, ch: make(chan string, b.buffer)}
	if b.closed {
		s.close()
		return s.ch, func() {}
	}
	b.nextID++
	s.id = b.nextID
	subs, ok := b.topics[topic]
	if !ok {
		subs = make(map[uint64]*subscription)
		b.topics[topic] = subs
	}
	subs[s.id] = s
	return s.ch, func() { b.unsubscribe(s) }
}

func (b *Broker) unsubscribe(s *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if subs, ok := b.topics[s.topic]; ok {
		delete(subs, s.id)
		if len(subs) == 0 {
			delete(b.topics, s.topic)
		}
	}
	s.close()
}

// Publish delivers msg to every subscriber of topic with room in its buffer, and returns how
// many got it. It never blocks.
func (b *Broker) Publish(topic, msg string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	delivered := 0
	for _, s := range b.topics[topic] {
		select {
		case s.ch <- msg:
			delivered++
		default:
		}
	}
	return delivered
}

// Close ends every subscription and closes every channel.
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
