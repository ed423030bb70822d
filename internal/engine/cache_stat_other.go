//go:build !linux

package engine

import "os"

// statID: without Linux's stat, the content hash alone guards the key.
func statID(st os.FileInfo) (ino uint64, ctime int64) { return 0, 0 }

// alive: without a portable check, every process counts as running (its
// leftovers stay).
func alive(pid int) bool { return true }

// ownedByMe: without Linux's stat, nothing counts as ours to remove.
func ownedByMe(st os.FileInfo) bool { return false }
