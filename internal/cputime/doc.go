// Package cputime reads the CPU time the process has used, which on a
// shared machine measures work better than the wall clock: the scan's
// --verbose stages and the benchmarks report it.
package cputime
