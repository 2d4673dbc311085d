package main

import (
	"testing"

	"github.com/wiretrace/wiretrace/minhash"
)

func TestDefaultLSH(t *testing.T) {
	var s shared
	fs := newFlags(&env{}, "check", "", "")
	s.register(fs)
	if s.threshold != 0.5 || s.perm != 128 {
		t.Fatalf("default --threshold %g, --perm %d; defaultLSH is for 0.5 and 128", s.threshold, s.perm)
	}
	if got, want := defaultLSH, minhash.Optimal(0.5, 128); got != want {
		t.Errorf("defaultLSH = %+v, want minhash.Optimal(0.5, 128) = %+v", got, want)
	}
	if got, want := optimalLSH(0.6, 128), minhash.Optimal(0.6, 128); got != want {
		t.Errorf("optimalLSH(0.6, 128) = %+v, want %+v", got, want)
	}
}
