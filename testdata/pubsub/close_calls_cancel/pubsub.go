// Deadlocks: Close calls each subscription's cancel function while holding the broker's lock,
// and cancel takes the same lock. A sync.Mutex is not reentrant, so the first b.Close() with a
// subscription still open waits for ever.
package pubsub

import "sync"

type Broker struct {
	mu      sync.Mutex
	buffer  int
	subs    map[string]map[int]chan string
	cancels map[int]func()
	nextID  int
	closed  bool
}

func New(buffer int) *Broker {
	return &Broker{buffer: buffer, subs: map[string]map[int]chan string{}, cancels: map[int]func(){}}
}

func (b *Broker) Subscribe(topic string) (<-chan string, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string, b.buffer)
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	b.nextID++
	id := b.nextID
	if b.subs[topic] == nil {
		b.subs[topic] = map[int]chan string{}
	}
	b.subs[topic][id] = ch
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.subs[topic], id)
			delete(b.cancels, id)
			close(ch)
		})
	}
	b.cancels[id] = cancel
	return ch, cancel
}

func (b *Broker) Publish(topic, msg string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0
	}
	n := 0
	for _, ch := range b.subs[topic] {
		select {
		case ch <- msg:
			n++
		default:
		}
	}
	return n
}

func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, cancel := range b.cancels {
		cancel()
	}
}
