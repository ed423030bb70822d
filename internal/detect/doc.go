// Package detect works out what a file is before DuckDB reads it: its
// format, compression, text encoding and CSV layout (Sniff), which role of
// the engagement model it feeds and which of its columns are the canonical
// ones (GuessRole, MapColumns), and how its timestamps are written
// (DetectTime, TimeFormat.SQL). It is pure Go and never opens a database.
package detect
