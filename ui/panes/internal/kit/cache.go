package kit

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/kizuna-dev/kizuna/internal/metrics"
)

// CacheSize is how many states' results a pane keeps.
const CacheSize = 16

// cache keeps the last CacheSize results by state key, the least recently
// used first.
type cache struct {
	keys []string
	vals map[string]any
}

func (c *cache) get(key string) (any, bool) {
	v, ok := c.vals[key]
	if ok {
		c.touch(key)
	}
	return v, ok
}

func (c *cache) put(key string, v any) {
	if c.vals == nil {
		c.vals = map[string]any{}
	}
	if _, ok := c.vals[key]; ok {
		c.touch(key)
	} else {
		c.keys = append(c.keys, key)
	}
	c.vals[key] = v
	for len(c.keys) > CacheSize {
		delete(c.vals, c.keys[0])
		c.keys = c.keys[1:]
	}
}

// touch moves key to the most recently used end.
func (c *cache) touch(key string) {
	for i, k := range c.keys {
		if k == key {
			c.keys = append(append(c.keys[:i:i], c.keys[i+1:]...), key)
			return
		}
	}
}

// Key is the cache key of a pane's state: the filter bar's parameters and
// the pane's own choices (e.g. the NPS dimension).
func Key(p metrics.Params, own ...any) string {
	if len(p.Where) == 0 {
		p.Where = nil // a cleared filter is no filter
	}
	return fmt.Sprintf("%#v %#v", p, own)
}

// Fetch shows the result of state key. A cached result comes back at once
// with a nil command (a load still running for another state is stopped, so
// no spinner and no query). Otherwise f starts in the background as with
// Load, and its result is cached under key when Take accepts it.
func (k *Kit) Fetch(key string, f func(ctx context.Context) (any, error)) (any, tea.Cmd) {
	if v, ok := k.store().get(key); ok {
		k.Runner.Cancel()
		k.Err, k.Loaded, k.pending = nil, true, ""
		return v, nil
	}
	cmd := k.Load(f)
	k.pending = key
	return nil, cmd
}

// Remember caches v under key as well (a state whose defaults the result
// settled, e.g. the dimension picked on the first load).
func (k *Kit) Remember(key string, v any) { k.store().put(key, v) }

// Forget empties the cache: the next load of every state queries again.
func (k *Kit) Forget() { k.cache = &cache{} }

// Cached reports whether state key has a result kept.
func (k *Kit) Cached(key string) bool {
	_, ok := k.store().vals[key]
	return ok
}

// store is the cache, made on first use (a zero Kit works too).
func (k *Kit) store() *cache {
	if k.cache == nil {
		k.cache = &cache{}
	}
	return k.cache
}
