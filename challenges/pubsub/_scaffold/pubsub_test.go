package pubsub

import (
	"runtime"
	"testing"
	"time"
)

// These are examples to start from: run them with `go test`. They fail until the broker
// works. `prep submit` grades your solution with hidden tests that check much more, including
// many goroutines at once, and speed.

// recv takes a message from ch if one is waiting, without waiting. It returns "(empty)" when
// none is, and "(closed)" when the channel is closed.
func recv(ch <-chan string) string {
	select {
	case m, ok := <-ch:
		if !ok {
			return "(closed)"
		}
		return m
	default:
		return "(empty)"
	}
}

// TestExample is the beginning of the example in the statement.
func TestExample(t *testing.T) {
	b := New(2)
	s1, _ := b.Subscribe("news")
	s2, _ := b.Subscribe("news")
	s3, _ := b.Subscribe("sport")
	if n := b.Publish("news", "m1"); n != 2 {
		t.Fatalf(`b.Publish("news", "m1") = %d, want 2: s1 and s2 are subscribed to "news"`, n)
	}
	if n := b.Publish("sport", "m2"); n != 1 {
		t.Fatalf(`b.Publish("sport", "m2") = %d, want 1`, n)
	}
	for _, c := range []struct {
		name string
		ch   <-chan string
		want string
	}{{"s1", s1, "m1"}, {"s2", s2, "m1"}, {"s3", s3, "m2"}, {"s1", s1, "(empty)"}} {
		if got := recv(c.ch); got != c.want {
			t.Fatalf("recv(%s) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestFullBufferMisses checks that Publish never waits: a subscriber whose buffer is full
// misses the message, and the others still get it.
func TestFullBufferMisses(t *testing.T) {
	b := New(1)
	slow, _ := b.Subscribe("a")
	fast, _ := b.Subscribe("a")
	b.Publish("a", "m1")
	if got := recv(fast); got != "m1" {
		t.Fatalf("recv(fast) = %q, want %q", got, "m1")
	}
	published := make(chan int, 1)
	go func() { published <- b.Publish("a", "m2") }() // slow's buffer is full
	select {
	case n := <-published:
		if n != 1 {
			t.Fatalf(`b.Publish("a", "m2") = %d, want 1: slow's buffer is full, so only fast gets it`, n)
		}
	case <-time.After(2 * time.Second):
		t.Fatal(`b.Publish("a", "m2") did not return within 2s: Publish must never wait for a subscriber`)
	}
	if got := recv(slow); got != "m1" {
		t.Fatalf("recv(slow) = %q, want %q", got, "m1")
	}
	if got := recv(slow); got != "(empty)" {
		t.Fatalf("recv(slow) = %q, want %q: slow missed m2", got, "(empty)")
	}
	if got := recv(fast); got != "m2" {
		t.Fatalf("recv(fast) = %q, want %q", got, "m2")
	}
}

// TestCancelAndClose checks that cancel closes its channel, after the messages already in it,
// that calling it again is harmless, and that Close closes every channel.
func TestCancelAndClose(t *testing.T) {
	b := New(2)
	s1, cancel1 := b.Subscribe("a")
	s2, _ := b.Subscribe("a")
	b.Publish("a", "m1")
	cancel1()
	cancel1() // does nothing
	if n := b.Publish("a", "m2"); n != 1 {
		t.Fatalf(`b.Publish("a", "m2") = %d, want 1: s1 was cancelled`, n)
	}
	if got := recv(s1); got != "m1" {
		t.Fatalf("recv(s1) = %q, want %q: a message already in the channel stays there", got, "m1")
	}
	if got := recv(s1); got != "(closed)" {
		t.Fatalf("recv(s1) = %q, want %q", got, "(closed)")
	}
	b.Close()
	if got := recv(s2); got != "m1" {
		t.Fatalf("recv(s2) = %q, want %q", got, "m1")
	}
	if got := recv(s2); got != "m2" {
		t.Fatalf("recv(s2) = %q, want %q", got, "m2")
	}
	if got := recv(s2); got != "(closed)" {
		t.Fatalf("recv(s2) = %q, want %q: Close closes every channel", got, "(closed)")
	}
	if n := b.Publish("a", "m3"); n != 0 {
		t.Fatalf(`b.Publish("a", "m3") after Close = %d, want 0`, n)
	}
}

// TestNoGoroutineLeftBehind checks that once every subscription has ended and the broker is
// closed, no goroutine the broker started is still running.
func TestNoGoroutineLeftBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	b := New(1)
	_, cancel1 := b.Subscribe("a")
	b.Subscribe("b")
	b.Publish("a", "m1")
	cancel1()
	b.Close()
	time.Sleep(100 * time.Millisecond) // goroutines that are done exit
	if n := runtime.NumGoroutine() - before; n > 0 {
		t.Fatalf("%d goroutines the broker started are still running after b.Close()", n)
	}
}
