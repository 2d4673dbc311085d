// Package report writes wiretrace's results for people and programs: the
// articles, pairs, families and passages reports of the contract as a
// terminal table, CSV (RFC 4180) or JSON, and report.html.
//
// It is the last step of the pipeline and one of the two places (with
// package main) that write to a terminal. Rows arrive already sorted by
// the caller; the writers add nothing that depends on time, maps or
// machine, so the same rows give byte-identical output.
package report
