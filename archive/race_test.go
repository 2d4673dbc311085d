//go:build race

package archive

// raceEnabled shrinks the process tests under the race detector, which
// slows the SQLite code tenfold.
const raceEnabled = true
