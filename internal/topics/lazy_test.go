package topics

import "testing"

// TestDictionaryIsLazy: English comments never load the Japanese
// dictionary (start-up does not pay for it).
func TestDictionaryIsLazy(t *testing.T) {
	if jaTok != nil {
		t.Fatal("the dictionary was loaded before any Japanese comment (this test runs first)")
	}
	Phrases("delivery was late")
	if jaTok != nil {
		t.Error("the dictionary was loaded for an English comment")
	}
}
