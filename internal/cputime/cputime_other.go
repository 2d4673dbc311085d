//go:build !unix

// Package cputime reads the CPU time the process has used, which on a
// shared machine measures work better than the wall clock.
package cputime

import "time"

// Process returns 0: the process's CPU time is not read on this system.
func Process() time.Duration { return 0 }
