// Package lru is a cache that keeps the most recently used values, up to a
// fixed number: the cache of prepared articles a scan's workers verify
// pairs from.
package lru

import "container/list"

// Cache maps keys to values, keeping at most its capacity of the most
// recently used. It is not safe for concurrent use. Make it with New.
type Cache[K comparable, V any] struct {
	max   int
	order *list.List // of *entry[K, V], most recent first
	at    map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key K
	val V
}

// New returns an empty cache of capacity max (at least one).
func New[K comparable, V any](max int) *Cache[K, V] {
	return &Cache[K, V]{max: max, order: list.New(), at: map[K]*list.Element{}}
}

// Get returns the value of key and makes it the most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	if e, ok := c.at[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// Put sets the value of key, the most recently used, and drops the least
// recently used value if the cache is over its capacity.
func (c *Cache[K, V]) Put(key K, val V) {
	if e, ok := c.at[key]; ok {
		e.Value.(*entry[K, V]).val = val
		c.order.MoveToFront(e)
		return
	}
	c.at[key] = c.order.PushFront(&entry[K, V]{key, val})
	if c.order.Len() > max(c.max, 1) {
		old := c.order.Remove(c.order.Back()).(*entry[K, V])
		delete(c.at, old.key)
	}
}

// Len returns the number of values held.
func (c *Cache[K, V]) Len() int { return c.order.Len() }
