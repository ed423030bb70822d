// Package sampledata holds kizuna's bundled demo data set: the files
// `kizuna sample` writes with the default options and seed 1, opened when
// kizuna starts without a PATH. internal/sample's tests check that these
// files equal a fresh generation, so they never go stale.
package sampledata

import "embed"

//go:generate go run ../cmd/kizuna sample --out . --seed 1

// FS holds the CSV files, one per role.
//
//go:embed *.csv
var FS embed.FS
