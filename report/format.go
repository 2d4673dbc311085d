package report

import (
	"fmt"
	"math"
	"strconv"
)

// Format is an output format for the record reports. The zero value is
// Table.
type Format int

const (
	// Table is a table for people at a terminal: fractions as
	// percentages, long titles and passage texts shortened, control
	// characters in untrusted text replaced.
	Table Format = iota
	// CSV is RFC 4180 CSV with a header row (LF line ends, as written by
	// encoding/csv). For passages, CSV means JSON Lines: one JSON object
	// per line, the format of passages.jsonl.
	CSV
	// JSON is an array of objects, one record per line.
	JSON
)

// ParseFormat parses a --format value: "table", "csv" or "json".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "table":
		return Table, nil
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	}
	return 0, fmt.Errorf("report: unknown format %q (want table, csv or json)", s)
}

// String returns the name ParseFormat accepts.
func (f Format) String() string {
	switch f {
	case Table:
		return "table"
	case CSV:
		return "csv"
	case JSON:
		return "json"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// fraction formats a fraction in [0, 1] with 4 decimals, as every
// machine-readable report writes it. It refuses NaN and infinities, which
// no reader could make sense of, and writes a negative zero as zero.
func fraction(x float64) (string, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "", fmt.Errorf("fraction is %v", x)
	}
	s := strconv.FormatFloat(x, 'f', 4, 64)
	if s == "-0.0000" {
		s = "0.0000"
	}
	return s, nil
}

// percent formats a fraction for people: 0.8751 is "87.5%".
func percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "?"
	}
	s := strconv.FormatFloat(100*x, 'f', 1, 64)
	if s == "-0.0" {
		s = "0.0"
	}
	return s + "%"
}
